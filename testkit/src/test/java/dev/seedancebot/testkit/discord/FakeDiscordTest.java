package dev.seedancebot.testkit.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake's REST answers checked against the required fields of Discord's own OpenAPI schemas (a verbatim subset in
 * {@code discord/openapi-schemas.json}), its faults, and its gateway script. JDA itself is exercised against the fake
 * in the discord-adapter module.
 */
class FakeDiscordTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeDiscord fake;

    @BeforeEach
    void start() {
        fake = FakeDiscord.start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void usersMe_get_hasEveryRequiredFieldOfUserPiiResponse() throws Exception {
        HttpResponse<String> r = send("GET", "users/@me", null, null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertRequiredFields("UserPIIResponse", JSON.readTree(r.body()));
        assertThat(r.headers().firstValue("X-RateLimit-Bucket")).isPresent();
    }

    @Test
    void gatewayBotChannelAndDm_get_matchRequiredFieldsOfTheirSchemas() throws Exception {
        assertRequiredFields("GatewayBotResponse", JSON.readTree(send("GET", "gateway/bot", null, null).body()));
        assertRequiredFields("GuildChannelResponse",
                JSON.readTree(send("GET", "channels/" + FakeDiscord.CHANNEL_GENERAL, null, null).body()));
        JsonNode dm = JSON.readTree(send("POST", "users/@me/channels", "application/json",
                "{\"recipient_id\":\"" + FakeDiscord.ALICE.id() + "\"}").body());

        assertRequiredFields("PrivateChannelResponse", dm);
        assertThat(fake.dmChannelOf(FakeDiscord.ALICE.id())).contains(dm.get("id").asText());
    }

    @Test
    void channelMessage_multipartWithFile_isRecordedAndAnsweredAsMessageResponse() throws Exception {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"files[0]\"; filename=\"v.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n"
                + "VIDEOBYTES\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"payload_json\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + "{\"content\":\"<@" + FakeDiscord.ALICE.id() + "> done\",\"attachments\":[{\"id\":0,\"filename\":\"v.mp4\"}]}\r\n"
                + "--" + boundary + "--\r\n";

        HttpResponse<String> r = send("POST", "channels/" + FakeDiscord.CHANNEL_VIDEOS + "/messages",
                "multipart/form-data; boundary=" + boundary, body);

        JsonNode message = JSON.readTree(r.body());
        assertRequiredFields("MessageResponse", message);
        assertRequiredFields("MessageAttachmentResponse", message.get("attachments").get(0));
        assertThat(message.get("mentions").get(0).get("id").asText()).isEqualTo(FakeDiscord.ALICE.id());
        RecordedCall call = fake.awaitRequest("POST", ".*/channels/\\d+/messages", WAIT);
        assertThat(call.files()).singleElement().satisfies(p -> assertThat(p.text()).isEqualTo("VIDEOBYTES"));
        assertThat(call.content()).endsWith("done");
        HttpResponse<String> download = http.send(HttpRequest.newBuilder(
                URI.create(message.get("attachments").get(0).get("url").asText())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(download.body()).isEqualTo("VIDEOBYTES");
    }

    @Test
    void channelMessage_repeatedNonceWithEnforce_returnsTheFirstMessage() throws Exception {
        String json = "{\"content\":\"once\",\"nonce\":\"t1\",\"enforce_nonce\":true}";

        String first = JSON.readTree(send("POST", "channels/" + FakeDiscord.CHANNEL_GENERAL + "/messages",
                "application/json", json).body()).get("id").asText();
        String second = JSON.readTree(send("POST", "channels/" + FakeDiscord.CHANNEL_GENERAL + "/messages",
                "application/json", json).body()).get("id").asText();

        assertThat(second).isEqualTo(first);
        assertThat(fake.messages(FakeDiscord.CHANNEL_GENERAL)).hasSize(1);
    }

    @Test
    void failNext_faults_answerWithDiscordCodesAndHeadersOnce() throws Exception {
        String path = "channels/" + FakeDiscord.CHANNEL_GENERAL + "/messages";
        fake.failNext("POST", ".*/" + path, DiscordFault.rateLimited(1.5));
        fake.failNext("POST", ".*/" + path, DiscordFault.missingPermissions());

        HttpResponse<String> limited = send("POST", path, "application/json", "{\"content\":\"a\"}");
        HttpResponse<String> forbidden = send("POST", path, "application/json", "{\"content\":\"b\"}");
        HttpResponse<String> fine = send("POST", path, "application/json", "{\"content\":\"c\"}");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("2");
        assertThat(limited.headers().firstValue("Via")).isPresent();
        assertThat(limited.headers().firstValue("X-RateLimit-Scope")).contains("user");
        assertThat(JSON.readTree(limited.body()).get("retry_after").asDouble()).isEqualTo(1.5);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(forbidden.body()).get("code").asInt()).isEqualTo(50013);
        assertThat(fine.statusCode()).isEqualTo(200);
    }

    @Test
    void channelMessage_fileOverUploadLimit_answers413With40005() throws Exception {
        fake.uploadLimitBytes(4);
        String boundary = "xyz";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"big.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n12345\r\n--" + boundary + "--\r\n";

        HttpResponse<String> r = send("POST", "channels/" + FakeDiscord.CHANNEL_GENERAL + "/messages",
                "multipart/form-data; boundary=" + boundary, body);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).get("code").asInt()).isEqualTo(40005);
    }

    @Test
    void unknownChannel_post_answers404With10003() throws Exception {
        HttpResponse<String> r = send("POST", "channels/42/messages", "application/json", "{\"content\":\"x\"}");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).get("code").asInt()).isEqualTo(10003);
    }

    @Test
    void gateway_identify_getsHelloReadyGuildCreateAndHeartbeatAck() throws Exception {
        List<JsonNode> frames = new CopyOnWriteArrayList<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(fake.gatewayUrl() + "?encoding=json&v=10"),
                new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                frames.add(JSON.readTree(text.toString()));
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                            text.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get();
        try {
            ws.sendText("{\"op\":2,\"d\":{\"token\":\"t\",\"intents\":0,\"properties\":{}}}", true).get();
            ws.sendText("{\"op\":1,\"d\":2}", true).get();

            await().atMost(WAIT).until(() -> frames.size() >= 4);
            assertThat(frames).extracting(f -> f.get("op").asInt() + ":" + f.path("t").asText(""))
                    .containsExactly("10:", "0:READY", "0:GUILD_CREATE", "11:");
            JsonNode guild = frames.get(2).get("d");
            assertThat(guild.get("afk_timeout").asInt()).isEqualTo(300);
            assertThat(guild.get("roles").get(0).get("colors").has("primary_color")).isTrue();
            assertThat(guild.get("members")).anyMatch(m -> m.get("user").get("id").asText().equals(FakeDiscord.BOT_ID));
            assertThat(fake.identifyCount()).isEqualTo(1);
        } finally {
            ws.abort();
        }
    }

    // ---------------------------------------------------------------- helpers

    private HttpResponse<String> send(String method, String route, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.restBaseUrl() + route));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Fails naming every field that Discord's schema marks as required and the fake left out. */
    private static void assertRequiredFields(String schemaName, JsonNode value) throws Exception {
        JsonNode schema;
        try (InputStream in = FakeDiscordTest.class.getResourceAsStream("/discord/openapi-schemas.json")) {
            schema = JSON.readTree(in).get("schemas").get(schemaName);
        }
        assertThat(schema).as("schema " + schemaName).isNotNull();
        List<String> missing = new java.util.ArrayList<>();
        for (JsonNode field : schema.path("required")) {
            if (!value.has(field.asText())) {
                missing.add(field.asText());
            }
        }
        assertThat(missing).as(schemaName + " fields missing in " + value).isEmpty();
    }
}
