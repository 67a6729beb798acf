package dev.seedancebot.app;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.app.config.AppConfig;
import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.cluster.LeaderLock;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.discord.DiscordAdapter;
import dev.seedancebot.discord.DiscordSettings;
import dev.seedancebot.telegram.TelegramAdapter;
import dev.seedancebot.telegram.TelegramSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the chat adapters that have a token; the others are simply not started. */
final class ChatAdapters {
    /**
     * The leader role of the Telegram receiver in {@code elected-polling} mode: one name shared by every instance of
     * the bot on the database.
     */
    static final String TELEGRAM_RECEIVER_LOCK = "telegram-receiver";

    private ChatAdapters() {}

    static List<ChatAdapter> enabled(AppConfig config) {
        List<ChatAdapter> adapters = new ArrayList<>();
        if (config.discord().enabled()) {
            adapters.add(new Discord(config.discord()));
        }
        if (config.telegram().enabled()) {
            adapters.add(new Telegram(config.telegram(), config.storage().workDir()));
        }
        return adapters;
    }

    /**
     * Registered with the router: the Discord adapter registers itself once every shard of this instance is ready,
     * and the Telegram one is registered once it receives; both are unregistered when they close.
     */
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
            DiscordAdapter created = new DiscordAdapter(settings, assembly.ports(), assembly.router(), assembly.clock());
            adapter = created;
            core = assembly;
            try {
                created.start();
            } catch (RuntimeException e) {
                created.close(); // its shards and threads
                throw e;
            }
        }

        /** Started, registered, and every shard of this instance connected to the gateway. */
        @Override
        public boolean isUp() {
            DiscordAdapter a = adapter;
            return a != null && registered(core, Platform.DISCORD) && a.isConnected();
        }

        @Override
        public void close() {
            DiscordAdapter a = adapter;
            if (a != null) {
                a.close();
            }
        }
    }

    /**
     * The Telegram adapter leaves registering with the router to its owner, after receiving has started. Its receiver
     * lock comes from the database: a PostgreSQL advisory lock shared by all instances, or always granted on H2.
     */
    static final class Telegram implements ChatAdapter {
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
            // used in elected-polling mode only; the adapter closes it
            LeaderLock lock = assembly.database().leaderLock(TELEGRAM_RECEIVER_LOCK);
            TelegramAdapter created;
            try {
                created = new TelegramAdapter(settings, assembly.ports(), assembly.http(), Ticker.systemTicker(),
                        workDir, lock);
            } catch (RuntimeException e) {
                lock.close();
                throw e;
            }
            adapter = created;
            core = assembly;
            try {
                created.start();
            } catch (RuntimeException e) {
                created.close(); // its webhook server, threads and lock
                throw e;
            }
            assembly.router().register(created);
        }

        /**
         * Registered, and in {@code polling} mode also polling. In {@code elected-polling} mode an instance that does
         * not hold the lock is up too: it sends results and stands by; in {@code webhook} mode the webhook server
         * runs from the start on.
         */
        @Override
        public boolean isUp() {
            TelegramAdapter a = adapter;
            if (a == null || !registered(core, Platform.TELEGRAM)) {
                return false;
            }
            return settings.receiver().mode() != TelegramSettings.Receiver.Mode.POLLING || a.isPolling();
        }

        /** Whether this instance long-polls now (in elected-polling mode: whether it holds the receiver lock). */
        boolean isPolling() {
            TelegramAdapter a = adapter;
            return a != null && a.isPolling();
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
