package dev.seedancebot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigCommandTest {
    private static final String TELEGRAM_TOKEN = "123456789:FAKEtestTokenForLoopbackFakesOnly01";

    @TempDir
    Path dir;

    private FakeSeedanceServer seedance;
    private HttpServer telegram;

    @BeforeEach
    void startFakes() throws IOException {
        seedance = FakeSeedanceServer.start();
        telegram = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        telegram.createContext("/", exchange -> {
            boolean known = exchange.getRequestURI().getPath().equals("/bot" + TELEGRAM_TOKEN + "/getMe");
            byte[] body = (known ? "{\"ok\":true,\"result\":{\"id\":1,\"is_bot\":true,\"username\":\"demo_bot\"}}"
                    : "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(known ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        telegram.start();
    }

    @AfterEach
    void stopFakes() {
        seedance.close();
        telegram.stop(0);
    }

    private CapturedCli cli(String apiKey, String telegramToken) throws IOException {
        Files.writeString(dir.resolve("bot.yml"), "telegram:\n  api-url: http://127.0.0.1:"
                + telegram.getAddress().getPort() + "\n");
        return new CapturedCli(Map.of("SEEDANCE_API_KEY", apiKey, "SEEDANCE_BASE_URL", seedance.baseUrl(),
                "TELEGRAM_BOT_TOKEN", telegramToken));
    }

    @Test
    void checkConfig_workingKeyAndToken_exits0() throws IOException {
        CapturedCli cli = cli(seedance.apiKey(), TELEGRAM_TOKEN);

        int code = cli.run("check-config", "--config", dir.resolve("bot.yml").toString());

        assertThat(code).as(cli.out() + cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("Configuration is valid", "OK    Seedance API key: works",
                "OK    Telegram token: works", "Ready");
        assertThat(cli.out()).doesNotContain(TELEGRAM_TOKEN, seedance.apiKey());
    }

    @Test
    void checkConfig_refusedKeyAndToken_exits4NamingBoth() throws IOException {
        CapturedCli cli = cli("sk-revoked-key", "987654321:FAKEtestTokenForLoopbackFakesOnly01");

        int code = cli.run("check-config", "--config", dir.resolve("bot.yml").toString());

        assertThat(code).isEqualTo(ExitCodes.PROVIDER_REFUSED);
        assertThat(cli.out()).contains("FAIL  Seedance API key: refused", "FAIL  Telegram token: refused (HTTP 401)")
                .doesNotContain("sk-revoked-key");
    }

    @Test
    void checkConfig_offlineWithoutTokens_exits2AndSaysWhatIsMissing() {
        CapturedCli cli = new CapturedCli(Map.of());

        int code = cli.run("check-config", "--offline", "--config", writeEmpty());

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.out()).contains("Configuration is valid", "`run` would not start yet", "TELEGRAM_BOT_TOKEN");
    }

    private String writeEmpty() {
        try {
            return Files.writeString(dir.resolve("empty.yml"), "").toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
