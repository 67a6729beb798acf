package dev.seedancebot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.request.MediaKind;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Document;
import org.telegram.telegrambots.meta.api.objects.VideoNote;
import org.telegram.telegrambots.meta.api.objects.Voice;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** Which parts of a message are inputs; the core converts what Seedance does not take as it is. */
class MessageMediaTest {

    @Test
    void of_voiceMessage_isAudioInput() {
        Message m = new Message();
        Voice voice = new Voice();
        voice.setFileId("v1");
        voice.setFileSize(4_000L);
        m.setVoice(voice);

        assertThat(MessageMedia.of(List.of(m)))
                .containsExactly(new MessageMedia("v1", 4_000, "voice message", MediaKind.AUDIO));
    }

    @Test
    void of_roundVideoMessage_isVideoInput() {
        Message m = new Message();
        VideoNote note = new VideoNote();
        note.setFileId("n1");
        m.setVideoNote(note);

        assertThat(MessageMedia.of(List.of(m)))
                .containsExactly(new MessageMedia("n1", 0, "video message", MediaKind.VIDEO));
    }

    @Test
    void of_voiceMessageOfARussianSpeaker_namedInRussian() {
        Message m = new Message();
        Voice voice = new Voice();
        voice.setFileId("v1");
        m.setVoice(voice);

        try (Texts.Scope ignored = Texts.use(Locale.forLanguageTag("ru"))) {
            assertThat(MessageMedia.of(List.of(m))).extracting(MessageMedia::label)
                    .containsExactly("голосовое сообщение");
        }
    }

    @Test
    void of_heicAndFlacDocumentsWithoutMimeType_areImageAndAudio() {
        Message photo = new Message();
        photo.setDocument(document("d1", "IMG_0001.HEIC"));
        Message sound = new Message();
        sound.setDocument(document("d2", "take.flac"));

        assertThat(MessageMedia.of(List.of(photo, sound))).extracting(MessageMedia::kind)
                .containsExactly(MediaKind.IMAGE, MediaKind.AUDIO);
    }

    private static Document document(String id, String name) {
        Document d = new Document();
        d.setFileId(id);
        d.setFileName(name);
        return d;
    }
}
