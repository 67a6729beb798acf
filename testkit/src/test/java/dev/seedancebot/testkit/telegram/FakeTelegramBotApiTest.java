package dev.seedancebot.testkit.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeTelegramBotApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final TgUser ALICE = new TgUser(1001, "alice", "Alice");
    private static final TgChat GROUP = TgChat.group(-100200, "Friends");

    private final FakeTelegramBotApi fake = FakeTelegramBotApi.start();
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void tearDown() {
        fake.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private Reply call(String method, String json) throws IOException {
        Request request = new Request.Builder()
                .url(fake.baseUrl() + "/bot" + fake.token() + "/" + method)
                .post(RequestBody.create(json, JSON_TYPE))
                .build();
        try (Response response = http.newCall(request).execute()) {
            return new Reply(response.code(), JSON.readTree(response.body().string()));
        }
    }

    private record Reply(int status, JsonNode body) {}

    @Test
    void getUpdates_nothingQueued_holdsAtMostHalfASecond() throws IOException {
        long start = System.nanoTime();

        Reply reply = call("getupdates", "{\"offset\":0,\"timeout\":50}");

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(reply.body().get("result").size()).isZero();
        assertThat(millis).isBetween(400L, 1500L);
    }

    @Test
    void getUpdates_messageQueued_returnsItUntilConfirmedByOffset() throws IOException {
        int messageId = fake.message(GROUP, ALICE).text("/video hi").send();

        JsonNode first = call("getUpdates", "{\"offset\":0,\"timeout\":1}").body().get("result");
        long updateId = first.get(0).get("update_id").asLong();
        JsonNode afterConfirm = call("getupdates", "{\"offset\":" + (updateId + 1) + ",\"timeout\":0}").body()
                .get("result");

        assertThat(first).hasSize(1);
        JsonNode message = first.get(0).get("message");
        assertThat(message.get("message_id").asInt()).isEqualTo(messageId);
        assertThat(message.get("text").asText()).isEqualTo("/video hi");
        assertThat(message.get("date").asLong()).isLessThan(Integer.MAX_VALUE);
        assertThat(message.get("chat").get("id").asLong()).isEqualTo(GROUP.id());
        assertThat(afterConfirm).isEmpty();
    }

    @Test
    void methodNames_anyCase_areAnsweredAndRecordedAsSent() throws IOException {
        Reply reply = call("SENDMESSAGE", "{\"chat_id\":-100200,\"text\":\"hello\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(fake.calls("sendMessage")).singleElement().satisfies(c -> {
            assertThat(c.method()).isEqualTo("SENDMESSAGE");
            assertThat(c.param("text")).contains("hello");
            assertThat(c.url()).contains(fake.token());
        });
        assertThat(fake.botMessages(GROUP.id())).singleElement().extracting(BotMessage::text).isEqualTo("hello");
    }

    @Test
    void getFile_thenDownload_servesTheBytes() throws IOException {
        byte[] bytes = {1, 2, 3, 4};
        fake.message(GROUP, ALICE).document(bytes, "a.bin", "application/octet-stream").send();
        JsonNode update = call("getupdates", "{\"timeout\":0}").body().get("result").get(0);
        String fileId = update.get("message").get("document").get("file_id").asText();

        JsonNode file = call("getFile", "{\"file_id\":\"" + fileId + "\"}").body().get("result");
        Request download = new Request.Builder()
                .url(fake.baseUrl() + "/file/bot" + fake.token() + "/" + file.get("file_path").asText()).build();
        try (Response response = http.newCall(download).execute()) {
            assertThat(response.body().bytes()).isEqualTo(bytes);
        }
        assertThat(fake.calls("file")).singleElement().extracting(TelegramCall::status).isEqualTo(200);
    }

    @Test
    void getFile_declaredOver20MB_answersFileIsTooBig() throws IOException {
        fake.message(GROUP, ALICE).video(new byte[10], "big.mp4", 3, 25L * 1024 * 1024).send();
        String fileId = call("getupdates", "{\"timeout\":0}").body().get("result").get(0).get("message")
                .get("video").get("file_id").asText();

        Reply reply = call("getFile", "{\"file_id\":\"" + fileId + "\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("description").asText()).isEqualTo("Bad Request: file is too big");
    }

    @Test
    void sendVideo_multipartWithAttachReference_resolvesTheFile() throws IOException {
        byte[] video = {9, 8, 7};
        RequestBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("out.mp4", "out.mp4", RequestBody.create(video, MediaType.get("video/mp4")))
                .addFormDataPart("video", "attach://out.mp4")
                .addFormDataPart("chat_id", "-100200")
                .addFormDataPart("caption", "done")
                .build();
        Request request = new Request.Builder().url(fake.baseUrl() + "/bot" + fake.token() + "/sendvideo")
                .post(body).build();

        try (Response response = http.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
        }

        TelegramCall call = fake.calls("sendVideo").get(0);
        assertThat(call.files().get("video").bytes()).isEqualTo(video);
        assertThat(call.param("caption")).contains("done");
        assertThat(fake.botMessages(GROUP.id())).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo("video");
            assertThat(m.fileSize()).isEqualTo(3);
        });
    }

    @Test
    void failNext_tooManyRequests_answers429WithRetryAfterOnce() throws IOException {
        fake.failNext("sendMessage", TelegramFault.tooManyRequests(3));

        Reply first = call("sendmessage", "{\"chat_id\":1,\"text\":\"a\"}");
        Reply second = call("sendmessage", "{\"chat_id\":1,\"text\":\"a\"}");

        assertThat(first.status()).isEqualTo(429);
        assertThat(first.body().get("parameters").get("retry_after").asInt()).isEqualTo(3);
        assertThat(second.status()).isEqualTo(200);
    }

    @Test
    void sendMessage_forumGeneralTopicId_answersThreadNotFound() throws IOException {
        TgChat forum = TgChat.forum(-100300, "Forum");
        fake.message(forum, ALICE).text("hi").send();

        Reply general = call("sendMessage", "{\"chat_id\":-100300,\"text\":\"x\",\"message_thread_id\":1}");
        Reply topic = call("sendMessage", "{\"chat_id\":-100300,\"text\":\"x\",\"message_thread_id\":7}");

        assertThat(general.body().get("description").asText()).isEqualTo("Bad Request: message thread not found");
        assertThat(topic.status()).isEqualTo(200);
        assertThat(fake.botMessages(forum.id())).singleElement().extracting(BotMessage::threadId).isEqualTo(7);
    }

    @Test
    void editMessageText_unknownOrUnchanged_isRefusedLikeTelegram() throws IOException {
        int id = call("sendMessage", "{\"chat_id\":5,\"text\":\"a\"}").body().get("result").get("message_id").asInt();

        Reply unknown = call("editMessageText", "{\"chat_id\":5,\"message_id\":999,\"text\":\"b\"}");
        Reply same = call("editMessageText", "{\"chat_id\":5,\"message_id\":" + id + ",\"text\":\"a\"}");
        Reply changed = call("editMessageText", "{\"chat_id\":5,\"message_id\":" + id + ",\"text\":\"b\"}");

        assertThat(unknown.body().get("description").asText()).isEqualTo("Bad Request: message to edit not found");
        assertThat(same.body().get("description").asText()).startsWith("Bad Request: message is not modified");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(fake.botMessage(5, id)).get().satisfies(m -> {
            assertThat(m.text()).isEqualTo("b");
            assertThat(m.edits()).isEqualTo(1);
        });
    }

    @Test
    void pressButton_onBotMessage_queuesCallbackQueryWithData() throws IOException {
        int id = call("sendMessage", "{\"chat_id\":-100200,\"text\":\"a\"}").body().get("result").get("message_id")
                .asInt();

        fake.pressButton(GROUP, ALICE, id, "cancel:t1");

        JsonNode query = call("getupdates", "{\"timeout\":0}").body().get("result").get(0).get("callback_query");
        assertThat(query.get("data").asText()).isEqualTo("cancel:t1");
        assertThat(query.get("message").get("message_id").asInt()).isEqualTo(id);
        assertThat(query.get("from").get("id").asLong()).isEqualTo(ALICE.id());
    }

    @Test
    void getChatAdministrators_configured_listsCreatorAndAdmins() throws IOException {
        TgUser bob = new TgUser(1002, "bob", "Bob");
        fake.setAdministrators(GROUP, ALICE, bob);

        JsonNode admins = call("getChatAdministrators", "{\"chat_id\":-100200}").body().get("result");

        assertThat(admins).hasSize(2);
        assertThat(admins.get(0).get("status").asText()).isEqualTo("creator");
        assertThat(admins.get(1).get("user").get("username").asText()).isEqualTo("bob");
    }

    @Test
    void anyMethod_wrongToken_isUnauthorized() throws IOException {
        Request request = new Request.Builder().url(fake.baseUrl() + "/botWRONG/getMe")
                .post(RequestBody.create("{}", JSON_TYPE)).build();
        try (Response response = http.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(401);
        }
    }

    @Test
    void failNext_uploadTooLarge_answers413OnLocalServerToo() throws IOException {
        try (FakeTelegramBotApi local = FakeTelegramBotApi.builder().localServer(true).start()) {
            local.failNext("sendDocument", TelegramFault.uploadTooLarge());
            Request request = new Request.Builder().url(local.baseUrl() + "/bot" + local.token() + "/sendDocument")
                    .post(new MultipartBody.Builder().setType(MultipartBody.FORM)
                            .addFormDataPart("document", "a.mp4", RequestBody.create(new byte[1], null))
                            .addFormDataPart("chat_id", "1").build())
                    .build();
            try (Response response = http.newCall(request).execute()) {
                assertThat(response.code()).isEqualTo(413);
            }
        }
    }
}
