package dev.seedancebot.app;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.app.config.AppConfig;
import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.discord.DiscordAdapter;
import dev.seedancebot.discord.DiscordSettings;
import dev.seedancebot.telegram.TelegramAdapter;
import dev.seedancebot.telegram.TelegramSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds the chat adapters that have a token; the others are simply not started. */
final class ChatAdapters {
    private ChatAdapters() {}

    static List<ChatAdapter> enabled(AppConfig config) {
        List<ChatAdapter> adapters = new ArrayList<>();
        if (config.discord().enabled()) {
            AppConfig.Discord d = config.discord();
            adapters.add(new Discord(new DiscordSettings(d.token(), null, null, true, d.commandGuildIds(),
                    d.moderatorRoleIds(), config.video())));
        }
        if (config.telegram().enabled()) {
            adapters.add(new Telegram(telegramSettings(config), config.storage().workDir()));
        }
        return adapters;
    }

    static TelegramSettings telegramSettings(AppConfig config) {
        AppConfig.Telegram t = config.telegram();
        TelegramSettings defaults = TelegramSettings.defaults(t.token());
        TelegramSettings settings = new TelegramSettings(t.token(), defaults.apiUrl(), defaults.fileBaseUrl(),
                t.localServer(), t.operatorIds(), t.albumDebounce(), defaults.adminCacheTtl(), config.video());
        URI api = t.apiUrl();
        if (api.toString().replaceAll("/+$", "").equals(defaults.fileBaseUrl()) && !t.localServer()) {
            return settings;
        }
        int port = api.getPort() != -1 ? api.getPort() : api.getScheme().equals("https") ? 443 : 80;
        return settings.withServer(api.getScheme(), api.getHost(), port, t.localServer());
    }

    /** Registered with the router means connected: the adapter registers once the gateway is ready. */
    private static boolean registered(CoreAssembly core, Platform platform) {
        return core != null && core.router().port(platform).isPresent();
    }

    private static final class Discord implements ChatAdapter {
        private final DiscordSettings settings;
        private volatile DiscordAdapter adapter;
        private volatile CoreAssembly core;

        Discord(DiscordSettings settings) {
            this.settings = settings;
        }

        @Override
        public String name() {
            return "discord";
        }

        @Override
        public void start(CoreAssembly assembly) {
            DiscordAdapter created = new DiscordAdapter(settings, assembly, Clock.systemUTC());
            adapter = created;
            core = assembly;
            created.start();
        }

        @Override
        public boolean isUp() {
            return adapter != null && registered(core, Platform.DISCORD);
        }

        @Override
        public void close() {
            DiscordAdapter a = adapter;
            if (a != null) {
                a.close();
            }
        }
    }

    /** The Telegram adapter leaves registering with the router to its owner, after polling has started. */
    private static final class Telegram implements ChatAdapter {
        private final TelegramSettings settings;
        private final Path workDir;
        private volatile TelegramAdapter adapter;
        private volatile CoreAssembly core;

        Telegram(TelegramSettings settings, Path workDir) {
            this.settings = settings;
            this.workDir = workDir;
        }

        @Override
        public String name() {
            return "telegram";
        }

        @Override
        public void start(CoreAssembly assembly) {
            TelegramAdapter created = new TelegramAdapter(settings, assembly.engine(), assembly.quota(),
                    assembly.moderation(), assembly.prices(), assembly.http(), Clock.systemUTC(),
                    Ticker.systemTicker(), workDir);
            adapter = created;
            core = assembly;
            created.start();
            assembly.router().register(created);
        }

        @Override
        public boolean isUp() {
            return adapter != null && registered(core, Platform.TELEGRAM);
        }

        @Override
        public void close() {
            CoreAssembly assembly = core;
            if (assembly != null) {
                assembly.router().unregister(Platform.TELEGRAM);
            }
            TelegramAdapter a = adapter;
            if (a != null) {
                a.close();
            }
        }
    }
}
