package dev.seedancebot.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedancebot.testkit.discord.CdnAttachment;
import dev.seedancebot.testkit.discord.DiscordFault;
import dev.seedancebot.testkit.discord.FakeDiscord;
import dev.seedancebot.testkit.discord.Interaction;
import dev.seedancebot.testkit.discord.RecordedCall;
import dev.seedancebot.testkit.discord.SlashCommand;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake Discord against the real JDA: every payload the fake sends must parse, every answer must be accepted. */
class FakeDiscordJdaTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private FakeDiscord fake;
    private JdaLogWatcher logs;
    private JDA jda;
    private final BlockingQueue<GenericEvent> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void login() throws Exception {
        logs = JdaLogWatcher.attach();
        fake = FakeDiscord.start();
        jda = JDABuilder.createLight("fake-token")
                .setRestConfig(new RestConfig().setBaseUrl(fake.restBaseUrl()))
                .setSessionController(new SessionControllerAdapter() {
                    @Override
                    public String getGateway() {
                        return fake.gatewayUrl();
                    }
                })
                .setCompression(Compression.NONE)
                .setEnableShutdownHook(false)
                .setEventPassthrough(true)
                .addEventListeners((net.dv8tion.jda.api.hooks.EventListener) events::add)
                .build();
        CompletableFuture.runAsync(() -> {
            try {
                jda.awaitReady();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).get(15, TimeUnit.SECONDS);
    }

    @AfterEach
    void shutdown() {
        // checked before shutting down: shutdownNow interrupts requests in flight, which JDA logs as errors
        try {
            logs.assertNoParseErrors();
        } finally {
            jda.shutdownNow();
            fake.close();
            logs.close();
        }
    }

    @Test
    void login_guildCreate_cachesGuildChannelsThreadAndRoles() {
        var guild = jda.getGuildById(FakeDiscord.GUILD_ID);

        assertThat(guild).isNotNull();
        assertThat(guild.getTextChannelById(FakeDiscord.CHANNEL_GENERAL)).isNotNull();
        assertThat(guild.getThreadChannelById(FakeDiscord.THREAD_IDEAS)).isNotNull();
        assertThat(guild.getSelfMember().hasPermission(guild.getTextChannelById(FakeDiscord.CHANNEL_GENERAL),
                Permission.MESSAGE_SEND, Permission.MESSAGE_ATTACH_FILES)).isTrue();
        assertThat(guild.getSelfMember().hasPermission(guild.getTextChannelById(FakeDiscord.CHANNEL_NO_SEND),
                Permission.MESSAGE_SEND)).isFalse();
        assertThat(fake.requests("GET", ".*/users/@me")).hasSize(1);
    }

    @Test
    void slashCommand_withAttachmentAndOptions_reachesJdaWithRawSizeLimit() throws Exception {
        CdnAttachment image = fake.hostAttachment("cat.png", "image/png", new byte[] {1, 2, 3});

        Interaction sent = fake.dispatch(SlashCommand.of("video", "image")
                .option("first_frame", image).option("prompt", "a cat").option("duration", 6)
                .option("private", true).attachmentSizeLimit(26_214_400L).in(FakeDiscord.THREAD_IDEAS));
        SlashCommandInteractionEvent event = next(SlashCommandInteractionEvent.class);
        event.deferReply(true).queue();

        fake.awaitRequest("POST", sent.callbackPath(), WAIT);
        assertThat(event.getSubcommandName()).isEqualTo("image");
        assertThat(event.getOption("first_frame").getAsAttachment().getSize()).isEqualTo(3);
        assertThat(event.getOption("first_frame").getAsAttachment().getUrl()).isEqualTo(image.url());
        assertThat(event.getOption("duration").getAsInt()).isEqualTo(6);
        assertThat(event.getChannel().getId()).isEqualTo(FakeDiscord.THREAD_IDEAS);
        assertThat(event.getRawData().getObject("d").getLong("attachment_size_limit")).isEqualTo(26_214_400L);
    }

    @Test
    void channelMessage_withFileAndButtons_isAcceptedAndClickable() throws Exception {
        Message posted = jda.getTextChannelById(FakeDiscord.CHANNEL_VIDEOS)
                .sendMessage("<@" + FakeDiscord.ALICE.id() + "> here")
                .addFiles(FileUpload.fromData(new byte[] {9, 9}, "video.mp4"))
                .setComponents(ActionRow.of(Button.danger("cancel:t1", "Cancel")))
                .setNonce("t1")
                .submit().get(10, TimeUnit.SECONDS);

        RecordedCall call = fake.awaitRequest("POST", ".*/channels/" + FakeDiscord.CHANNEL_VIDEOS + "/messages", WAIT);
        assertThat(call.files()).singleElement().satisfies(f -> assertThat(f.filename()).isEqualTo("video.mp4"));
        assertThat(posted.getAttachments()).hasSize(1);

        fake.clickButton(FakeDiscord.BOB, posted.getId(), "cancel:t1");
        ButtonInteractionEvent click = next(ButtonInteractionEvent.class);
        assertThat(click.getComponentId()).isEqualTo("cancel:t1");
        assertThat(click.getUser().getId()).isEqualTo(FakeDiscord.BOB.id());
    }

    @Test
    void modalSubmit_labelledTextInput_isReadable() throws Exception {
        fake.submitModal(FakeDiscord.ALICE, FakeDiscord.CHANNEL_GENERAL, "extend:t1", Map.of("instruction", "more"));

        ModalInteractionEvent modal = next(ModalInteractionEvent.class);
        assertThat(modal.getModalId()).isEqualTo("extend:t1");
        assertThat(modal.getValue("instruction").getAsString()).isEqualTo("more");
    }

    @Test
    void updateCommands_globalAndGuild_areRecorded() throws Exception {
        jda.updateCommands().addCommands(Commands.slash("quota", "Your quota")).submit().get(10, TimeUnit.SECONDS);
        jda.getGuildById(FakeDiscord.GUILD_ID).updateCommands()
                .addCommands(Commands.slash("video", "Make a video").addOption(OptionType.STRING, "prompt", "What"))
                .submit().get(10, TimeUnit.SECONDS);

        assertThat(fake.registeredCommands(null).orElseThrow().get(0).get("name").asText()).isEqualTo("quota");
        assertThat(fake.registeredCommands(FakeDiscord.GUILD_ID).orElseThrow().get(0).get("name").asText())
                .isEqualTo("video");
    }

    @Test
    void directMessage_openAndSend_landsInDmChannel() throws Exception {
        var dm = jda.openPrivateChannelById(FakeDiscord.ALICE.id()).submit().get(10, TimeUnit.SECONDS);
        dm.sendMessage("your video").submit().get(10, TimeUnit.SECONDS);

        assertThat(fake.messages(fake.dmChannelOf(FakeDiscord.ALICE.id()).orElseThrow()))
                .extracting(m -> m.get("content").asText()).containsExactly("your video");
    }

    @Test
    void injectedFaults_rateLimitIsRetriedAndMissingPermissionSurfaces() throws Exception {
        String path = ".*/channels/" + FakeDiscord.CHANNEL_GENERAL + "/messages";
        fake.failNext("POST", path, DiscordFault.rateLimited(0.2));
        jda.getTextChannelById(FakeDiscord.CHANNEL_GENERAL).sendMessage("one").submit().get(10, TimeUnit.SECONDS);
        fake.failNext("POST", path, DiscordFault.missingPermissions());

        assertThatThrownBy(() -> jda.getTextChannelById(FakeDiscord.CHANNEL_GENERAL).sendMessage("two").submit()
                        .get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ErrorResponseException.class)
                .cause().extracting(e -> ((ErrorResponseException) e).getErrorResponse())
                .isEqualTo(ErrorResponse.MISSING_PERMISSIONS);
        assertThat(fake.requests("POST", path)).extracting(RecordedCall::status).containsExactly(429, 200, 403);
    }

    private <T extends GenericEvent> T next(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            GenericEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        logs.assertNoParseErrors();
        throw new AssertionError("no " + type.getSimpleName() + " within " + WAIT + "; requests: " + fake.requests());
    }
}
