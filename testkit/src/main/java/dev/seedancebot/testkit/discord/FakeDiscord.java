package dev.seedancebot.testkit.discord;

import static dev.seedancebot.testkit.discord.DiscordJson.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.seedancebot.testkit.loopback.CallLog;
import dev.seedancebot.testkit.loopback.FaultQueue;
import dev.seedancebot.testkit.loopback.LoopbackServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.StreamSupport;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Discord on loopback for JDA 6: a REST server (a {@link LoopbackServer}) and a gateway (Java-WebSocket) with one guild,
 * four members, three text channels and a thread. Point JDA at it with {@code RestConfig#setBaseUrl(restBaseUrl())},
 * a {@code SessionController} whose {@code getGateway()} returns {@link #gatewayUrl()}, and {@code Compression.NONE}.
 *
 * <p>{@link #startSharded} adds a second guild, {@link #GUILD_2_ID}, for sharded clients: with two shards it lies on
 * shard 0 and {@link #GUILD_ID} on shard 1. Each gateway session gets the guilds of the shard it sent in IDENTIFY, and
 * interactions go only to the session that serves their guild, as on Discord. {@code GET /gateway/bot} recommends
 * {@link #recommendShards} shards (1 unless set) and returns {@link #gatewayUrl()}.
 *
 * <p>Every HTTP request (REST and the CDN route that serves {@link #hostAttachment attachments}) is recorded; wait for
 * one with {@link #awaitRequest}. Errors are injected one at a time with {@link #failNext}. Without injected faults
 * the fake answers like Discord: 404 {@code 10003} for unknown channels, 413 {@code 40005} for a file over
 * {@link #uploadLimitBytes}, 401 {@code 50027} on webhook routes once {@link #expireInteractionTokens} was called,
 * 403 {@code 50013} for a bot message in {@link #CHANNEL_NO_SEND}, and the existing message for a repeated
 * {@code nonce} sent with {@code enforce_nonce}.
 *
 * <p>Thread-safe. Start with {@link #start()}, stop with {@link #close()}.
 */
public final class FakeDiscord implements AutoCloseable {
    /** The bot user's id, which is also the application id. */
    public static final String BOT_ID = "1100000000000000001";
    public static final String BOT_NAME = "SeedanceBot";
    public static final String GUILD_ID = "1200000000000000001";
    public static final String CHANNEL_GENERAL = "1200000000000000011";
    public static final String CHANNEL_VIDEOS = "1200000000000000012";
    /** A channel where a member overwrite denies the bot Send Messages. */
    public static final String CHANNEL_NO_SEND = "1200000000000000013";
    /** A public thread in {@link #CHANNEL_GENERAL}. */
    public static final String THREAD_IDEAS = "1200000000000000021";
    /** The second guild of {@link #startSharded}: shard 0 of 2, where {@link #GUILD_ID} is shard 1 of 2. */
    public static final String GUILD_2_ID = "1210000000000000001";
    /** The one text channel of {@link #GUILD_2_ID}. */
    public static final String CHANNEL_GUILD_2 = "1210000000000000011";
    public static final String ROLE_MODERATORS = "1200000000000000031";
    /** A role with Manage Server. */
    public static final String ROLE_ADMINS = "1200000000000000032";
    /** A role without permissions that no configuration names; community settings can make it a moderator role. */
    public static final String ROLE_HELPERS = "1200000000000000034";
    public static final String ROLE_BOT = "1200000000000000033";
    /** The guild owner; none of the members below. */
    public static final String OWNER_ID = "1300000000000000099";
    public static final Member ALICE = Member.of("1300000000000000001", "alice");
    public static final Member BOB = Member.of("1300000000000000002", "bob");
    /** Holds {@link #ROLE_MODERATORS}, which has no Discord permissions of its own. */
    public static final Member MONA_MODERATOR = Member.of("1300000000000000003", "mona").withRoles(ROLE_MODERATORS);
    /** Holds {@link #ROLE_ADMINS} (Manage Server). */
    public static final Member ADAM_ADMIN = Member.of("1300000000000000004", "adam").withRoles(ROLE_ADMINS);
    /** Holds {@link #ROLE_HELPERS}. */
    public static final Member HELGA_HELPER = Member.of("1300000000000000005", "helga").withRoles(ROLE_HELPERS);
    /** Discord's default per-attachment upload limit: 10 MiB. */
    public static final long DEFAULT_UPLOAD_LIMIT = 10L * 1024 * 1024;

    private static final String API = "/api/v10";
    private static final int BACKLOG = 1024;
    private static final Pattern CALLBACK = Pattern.compile(API + "/interactions/(\\d+)/([^/]+)/callback");
    private static final Pattern WEBHOOK = Pattern.compile(API + "/webhooks/(\\d+)/([^/]+)(/messages/(@original|\\d+))?");
    private static final Pattern CHANNEL_MESSAGES = Pattern.compile(API + "/channels/(\\d+)/messages(/(\\d+))?");
    private static final Pattern CHANNEL = Pattern.compile(API + "/channels/(\\d+)");
    private static final Pattern COMMANDS = Pattern.compile(API + "/applications/(\\d+)(/guilds/(\\d+))?/commands");
    private static final Pattern CDN = Pattern.compile("/attachments/(\\d+)/(\\d+)/([^/]+)");

    private final LoopbackServer http;
    private final FakeGateway gateway;
    private final Clock clock;
    private static final long DISCORD_EPOCH_MILLIS = 1420070400000L;
    private final AtomicLong sequence = new AtomicLong();
    private final CallLog<RecordedCall> calls = new CallLog<>();
    /** {@link System#nanoTime()} at which each recorded call's request had been read in full. */
    private final Map<RecordedCall, Long> receivedAt = Collections.synchronizedMap(new IdentityHashMap<>());
    private final FaultQueue<Route, DiscordFault> faults = new FaultQueue<>();
    private final Map<String, ObjectNode> channels = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> threads = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> messages = new ConcurrentHashMap<>();
    private final Map<String, String> originals = new ConcurrentHashMap<>();
    private final Map<String, String> interactionChannels = new ConcurrentHashMap<>();
    /** The message a component interaction came from: its @original once the click is acknowledged as an update. */
    private final Map<String, String> componentMessages = new ConcurrentHashMap<>();
    private final Map<String, String> nonces = new ConcurrentHashMap<>();
    private final Map<String, String> commandIds = new ConcurrentHashMap<>();
    private final Map<String, byte[]> cdnFiles = new ConcurrentHashMap<>();
    private final Map<String, String> dmChannels = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> registeredCommands = new ConcurrentHashMap<>();
    /** The client language each user's interactions carry ({@code locale}); en-US unless a test sets one. */
    private final Map<String, String> userLocales = new ConcurrentHashMap<>();
    private final int[] componentIds = {0};
    private final boolean secondGuild;
    private volatile int recommendedShards = 1;
    private volatile long uploadLimitBytes = DEFAULT_UPLOAD_LIMIT;
    private volatile boolean tokensExpired;

    /** What a fault is matched against: a request's method and path. */
    private record Route(String method, String path) {}

    private FakeDiscord(Clock clock, boolean secondGuild) throws IOException {
        this.clock = clock;
        this.secondGuild = secondGuild;
        for (ObjectNode c : List.of(
                DiscordJson.textChannel(GUILD_ID, CHANNEL_GENERAL, "general", 0, null),
                DiscordJson.textChannel(GUILD_ID, CHANNEL_VIDEOS, "videos", 1, null),
                DiscordJson.textChannel(GUILD_ID, CHANNEL_NO_SEND, "announcements", 2, noSendOverwrite()))) {
            channels.put(c.get("id").asText(), c);
        }
        if (secondGuild) {
            channels.put(CHANNEL_GUILD_2, DiscordJson.textChannel(GUILD_2_ID, CHANNEL_GUILD_2, "lobby", 0, null));
        }
        threads.put(THREAD_IDEAS, DiscordJson.publicThread(THREAD_IDEAS, "ideas", CHANNEL_GENERAL));
        gateway = new FakeGateway((sessionId, shard) -> DiscordJson.ready(gatewayUrl(), sessionId,
                guildIds().stream().filter(g -> (shard == null ? ShardInfo.UNSHARDED : shard).serves(g)).toList(), shard),
                this::guildCreates);
        // A backlog of 0 meant the JDK's 50: a burst of 500 interaction callbacks over new HTTP/1.1 connections
        // overflowed it (64 drops in one run), and each dropped connect waited out TCP's 1 s SYN retry, which real
        // Discord (HTTP/2, one connection) never shows. 1024 stays under the kernel's usual somaxconn of 4096.
        http = LoopbackServer.start("fake-discord-http", 0, BACKLOG, this::handle);
    }

    /** Starts REST and gateway on free loopback ports. */
    public static FakeDiscord start() {
        return start(Clock.systemUTC());
    }

    /** Starts with {@code clock} for message timestamps. */
    public static FakeDiscord start(Clock clock) {
        return start(clock, false);
    }

    /**
     * Starts with the second guild {@link #GUILD_2_ID} and {@code GET /gateway/bot} recommending {@code shards}, for
     * clients that run a ShardManager.
     */
    public static FakeDiscord startSharded(Clock clock, int shards) {
        FakeDiscord fake = start(clock, true);
        fake.recommendShards(shards);
        return fake;
    }

    private static FakeDiscord start(Clock clock, boolean secondGuild) {
        try {
            FakeDiscord fake = new FakeDiscord(clock, secondGuild);
            fake.gateway.startAndWait();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>/api/v10/}, for {@code RestConfig#setBaseUrl}. */
    public String restBaseUrl() {
        return "http://127.0.0.1:" + http.port() + API + "/";
    }

    /** {@code ws://127.0.0.1:<port>/}, for {@code SessionController#getGateway}; also what {@code /gateway/bot} returns. */
    public String gatewayUrl() {
        return "ws://127.0.0.1:" + gateway.getPort() + "/";
    }

    // ---------------------------------------------------------------- setup

    /** The shard count {@code GET /gateway/bot} recommends from now on. */
    public void recommendShards(int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1");
        }
        this.recommendedShards = shards;
    }

    /** The largest file a message upload may carry before the fake answers 413 {@code 40005}. */
    public void uploadLimitBytes(long bytes) {
        this.uploadLimitBytes = bytes;
    }

    /**
     * Every later REST call (and CDN download) is answered {@code delay} later, as across a network with that round
     * trip; {@link Duration#ZERO} for none. The gateway is not delayed: its dispatches travel one after another on one
     * connection, so a delay there would shift every interaction by the same amount and queue none of them.
     */
    public void setRoundTrip(Duration delay) {
        http.setRoundTrip(delay);
    }

    /** From now on every webhook route (edits of @original, follow-ups) answers 401 {@code 50027}, as after 15 min. */
    public void expireInteractionTokens() {
        tokensExpired = true;
    }

    /**
     * Serves {@code bytes} on the fake's CDN route and returns the attachment as an interaction would describe it.
     * The URL carries Discord's signed-URL parameters ({@code ex}, {@code is}, {@code hm}).
     */
    public CdnAttachment hostAttachment(String filename, String contentType, byte[] bytes) {
        String id = nextId();
        String path = "/attachments/" + CHANNEL_GENERAL + "/" + id + "/" + filename;
        cdnFiles.put(path, bytes.clone());
        long expires = clock.instant().plus(Duration.ofHours(24)).getEpochSecond();
        String url = "http://127.0.0.1:" + http.port() + path + "?ex=" + Long.toHexString(expires)
                + "&is=" + Long.toHexString(clock.instant().getEpochSecond()) + "&hm=fakesignature&";
        return new CdnAttachment(id, filename, contentType, bytes.length, url);
    }

    /** Answers the next request whose method and path (regex, matched fully against the path) fit with {@code fault}. */
    public void failNext(String method, String pathRegex, DiscordFault fault) {
        String m = method.toUpperCase(Locale.ROOT);
        Pattern p = Pattern.compile(pathRegex);
        faults.add(r -> r.method().equals(m) && p.matcher(r.path()).matches(), fault);
    }

    // ---------------------------------------------------------------- gateway dispatches

    /** Dispatches INTERACTION_CREATE for a slash command; returns its id and token. */
    public Interaction dispatch(SlashCommand command) {
        String channelId = command.directMessage ? openDmChannel(command.member.id()) : command.channelId;
        String id = nextId();
        String token = "itoken-" + id;
        ObjectNode data = JSON.createObjectNode()
                .put("id", commandIds.getOrDefault(command.name, "1600000000000000001"))
                .put("name", command.name)
                .put("type", 1);
        if (!command.directMessage) {
            data.put("guild_id", guildOf(channelId));
        }
        ArrayNode options = JSON.createArrayNode();
        ObjectNode resolved = JSON.createObjectNode();
        for (SlashCommand.Option o : command.options) {
            options.add(optionJson(o, resolved));
        }
        if (command.subcommand != null) {
            ObjectNode sub = data.putArray("options").addObject().put("name", command.subcommand).put("type", 1);
            sub.set("options", options);
        } else {
            data.set("options", options);
        }
        if (!resolved.isEmpty()) {
            data.set("resolved", resolved);
        }
        ObjectNode interaction = interactionBase(id, token, 2, command.member, channelId,
                command.attachmentSizeLimit);
        interaction.set("data", data);
        dispatch(interaction);
        return new Interaction(id, token);
    }

    /**
     * Dispatches a button click (MESSAGE_COMPONENT) on a message the bot posted earlier through this fake; on a
     * message in a DM the click comes from that DM, without a guild.
     *
     * @throws IllegalArgumentException if there is no such message
     */
    public Interaction clickButton(Member who, String messageId, String customId) {
        ObjectNode message = messages.get(messageId);
        if (message == null) {
            throw new IllegalArgumentException("the fake knows no message " + messageId);
        }
        String id = nextId();
        String token = "itoken-" + id;
        ObjectNode interaction = interactionBase(id, token, 3, who, message.get("channel_id").asText(),
                DEFAULT_UPLOAD_LIMIT);
        interaction.putObject("data").put("custom_id", customId).put("component_type", 2);
        interaction.set("message", message.deepCopy());
        componentMessages.put(token, messageId);
        dispatch(interaction);
        return new Interaction(id, token);
    }

    /**
     * Dispatches a modal submission (MODAL_SUBMIT) with one text input per entry of {@code values} (custom id to
     * value), each wrapped in a Label as Discord sends them since 2025.
     */
    public Interaction submitModal(Member who, String channelId, String customId, Map<String, String> values) {
        String id = nextId();
        String token = "itoken-" + id;
        ObjectNode interaction = interactionBase(id, token, 5, who, channelId, DEFAULT_UPLOAD_LIMIT);
        ObjectNode data = interaction.putObject("data").put("custom_id", customId);
        ArrayNode components = data.putArray("components");
        int n = 0;
        for (Map.Entry<String, String> e : values.entrySet()) {
            ObjectNode label = components.addObject().put("type", 18).put("id", ++n);
            label.putObject("component").put("type", 4).put("id", ++n).put("custom_id", e.getKey())
                    .put("value", e.getValue());
        }
        dispatch(interaction);
        return new Interaction(id, token);
    }

    /** How many IDENTIFYs the gateway received (a reconnect counts again). */
    public int identifyCount() {
        return gateway.identifyCount();
    }

    /** The shard of every IDENTIFY so far, in arrival order ({@link ShardInfo#UNSHARDED} when none was sent). */
    public List<ShardInfo> identifiedShards() {
        return gateway.identifiedShards();
    }

    // ---------------------------------------------------------------- inspection

    /** Every request so far, in arrival order. */
    public List<RecordedCall> requests() {
        return calls.all();
    }

    /** The requests whose method and path (regex, full match) fit, in arrival order. */
    public List<RecordedCall> requests(String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        return requests().stream()
                .filter(c -> c.method().equalsIgnoreCase(method) && p.matcher(c.path()).matches())
                .toList();
    }

    /**
     * Waits for the first request (already received or still to come) whose method and path fit.
     *
     * @throws AssertionError with every request received when none came within {@code timeout}
     */
    public RecordedCall awaitRequest(String method, String pathRegex, Duration timeout) {
        return awaitRequests(method, pathRegex, 1, timeout).get(0);
    }

    /** Waits until at least {@code count} fitting requests arrived and returns all of them. */
    public List<RecordedCall> awaitRequests(String method, String pathRegex, int count, Duration timeout) {
        Pattern p = Pattern.compile(pathRegex);
        try {
            return calls.awaitAtLeast(c -> c.method().equalsIgnoreCase(method) && p.matcher(c.path()).matches(),
                    count, timeout).orElseThrow(() -> new AssertionError("expected " + count + " × " + method + " "
                            + pathRegex + " within " + timeout + "; got " + requests(method, pathRegex).size()
                            + ". Requests received:\n  " + String.join("\n  ",
                                    requests().stream().map(RecordedCall::toString).toList())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * The {@link System#nanoTime()} at which the fake had read {@code call}'s request in full (before answering it),
     * for latency measurements in the same JVM; empty for a call this fake did not record.
     */
    public OptionalLong receivedAtNanos(RecordedCall call) {
        Long t = receivedAt.get(call);
        return t == null ? OptionalLong.empty() : OptionalLong.of(t);
    }

    /** The messages in a channel or thread as the fake stores them (bot posts and interaction responses), oldest first. */
    public List<JsonNode> messages(String channelId) {
        return messages.values().stream()
                .filter(m -> m.path("channel_id").asText().equals(channelId))
                .sorted((a, b) -> Long.compare(a.get("id").asLong(), b.get("id").asLong()))
                .map(JsonNode::deepCopy)
                .map(JsonNode.class::cast)
                .toList();
    }

    public Optional<JsonNode> message(String messageId) {
        return Optional.ofNullable(messages.get(messageId)).map(ObjectNode::deepCopy);
    }

    /** The DM channel the bot opened with {@code userId}, if it did. */
    public Optional<String> dmChannelOf(String userId) {
        return Optional.ofNullable(dmChannels.get(userId));
    }

    /** The last command list registered globally ({@code guildId == null}) or for a guild. */
    /** Makes {@code userId}'s interactions carry {@code locale} ({@code es-ES}, {@code pt-BR}), as their client's. */
    public void userLocale(String userId, String locale) {
        userLocales.put(userId, locale);
    }

    public Optional<JsonNode> registeredCommands(String guildId) {
        return Optional.ofNullable(registeredCommands.get(guildId == null ? "global" : guildId));
    }

    @Override
    public void close() {
        gateway.stopQuietly();
        http.close();
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            byte[] body = exchange.getRequestBody().readAllBytes();
            long received = System.nanoTime();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            String contentType = headers.get("content-type");
            JsonNode json = null;
            List<RecordedCall.Part> parts = List.of();
            if (Multipart.is(contentType)) {
                parts = Multipart.parse(contentType, body);
                for (RecordedCall.Part p : parts) {
                    if ("payload_json".equals(p.name())) {
                        json = JSON.readTree(p.bytes());
                    }
                }
            } else if (body.length > 0) {
                json = JSON.readTree(body);
            }
            Request request = new Request(method, path, query, headers, json, parts);
            Response response = takeFault(method, path).map(FakeDiscord::faultResponse).orElseGet(() -> route(request));
            record(new RecordedCall(method, path, query, Collections.unmodifiableMap(headers), json, parts,
                    response.status), received);
            send(exchange, response);
        } catch (RuntimeException e) {
            // a bug in the fake must show up in the test, not as a client retry loop
            send(exchange, error(500, 0, "fake failed: " + e));
            throw e;
        } finally {
            exchange.close();
        }
    }

    private record Request(String method, String path, String query, Map<String, String> headers, JsonNode json,
            List<RecordedCall.Part> parts) {}

    private record Response(int status, String contentType, byte[] body, Map<String, String> headers) {}

    private Response route(Request r) {
        String p = r.path;
        Matcher m;
        if (r.method.equals("GET") && (m = CDN.matcher(p)).matches()) {
            byte[] bytes = cdnFiles.get(p);
            return bytes == null ? error(404, 0, "404: Not Found")
                    : new Response(200, "application/octet-stream", bytes, Map.of());
        }
        if (!p.startsWith(API + "/")) {
            return error(404, 0, "404: Not Found");
        }
        if (r.method.equals("GET") && p.equals(API + "/users/@me")) {
            return ok(DiscordJson.selfUser());
        }
        if (r.method.equals("GET") && (p.equals(API + "/gateway/bot") || p.equals(API + "/gateway"))) {
            ObjectNode g = JSON.createObjectNode().put("url", gatewayUrl()).put("shards", recommendedShards);
            // a large bot's concurrency: a client running several shards identifies them without 5 s pauses
            g.putObject("session_start_limit").put("total", 1000).put("remaining", 999).put("reset_after", 0)
                    .put("max_concurrency", 16);
            return ok(g);
        }
        if (r.method.equals("POST") && p.equals(API + "/users/@me/channels")) {
            return openDm(r.json.path("recipient_id").asText());
        }
        if ((m = CALLBACK.matcher(p)).matches() && r.method.equals("POST")) {
            return callback(m.group(1), m.group(2), r);
        }
        if ((m = WEBHOOK.matcher(p)).matches()) {
            return webhook(m.group(2), m.group(4), r);
        }
        if ((m = CHANNEL_MESSAGES.matcher(p)).matches()) {
            return channelMessages(m.group(1), m.group(3), r);
        }
        if ((m = CHANNEL.matcher(p)).matches() && r.method.equals("GET")) {
            ObjectNode channel = channel(m.group(1));
            return channel == null ? error(404, 10003, "Unknown Channel") : ok(channel);
        }
        if ((m = COMMANDS.matcher(p)).matches()) {
            return commands(m.group(3), r);
        }
        return error(404, 0, "404: Not Found");
    }

    private Response callback(String interactionId, String token, Request r) {
        if (tokensExpired) {
            return error(404, 10062, "Unknown interaction");
        }
        int type = r.json.path("type").asInt();
        if (type == 4 || type == 5) {
            String channelId = interactionChannels.get(token);
            ObjectNode data = r.json.has("data") ? (ObjectNode) r.json.get("data") : JSON.createObjectNode();
            ObjectNode message = newMessage(channelId, data, r.parts, true);
            message.put("type", 20);
            if (type == 5) {
                message.put("flags", message.path("flags").asInt() | 128); // LOADING
            }
            originals.put(token, message.get("id").asText());
        } else if (type == 6 && componentMessages.containsKey(token)) {
            // DEFERRED_UPDATE_MESSAGE: the follow-up edits of @original change the clicked message
            originals.put(token, componentMessages.get(token));
        }
        return new Response(204, null, new byte[0], Map.of());
    }

    private Response webhook(String token, String messageRef, Request r) {
        if (tokensExpired) {
            return error(401, 50027, "Invalid Webhook Token");
        }
        String channelId = interactionChannels.get(token);
        if (channelId == null) {
            return error(404, 10015, "Unknown Webhook");
        }
        if (messageRef == null && r.method.equals("POST")) {
            Response tooLarge = checkUploadSize(r);
            return tooLarge != null ? tooLarge : ok(newMessage(channelId, (ObjectNode) r.json, r.parts, true));
        }
        String messageId = "@original".equals(messageRef) ? originals.get(token) : messageRef;
        ObjectNode message = messageId == null ? null : messages.get(messageId);
        if (message == null) {
            return error(404, 10008, "Unknown Message");
        }
        return switch (r.method) {
            case "GET" -> ok(message);
            case "PATCH" -> {
                Response tooLarge = checkUploadSize(r);
                yield tooLarge != null ? tooLarge : ok(edit(message, (ObjectNode) r.json, r.parts));
            }
            case "DELETE" -> {
                messages.remove(messageId);
                yield new Response(204, null, new byte[0], Map.of());
            }
            default -> error(405, 0, "405: Method Not Allowed");
        };
    }

    private Response channelMessages(String channelId, String messageId, Request r) {
        if (channel(channelId) == null) {
            return error(404, 10003, "Unknown Channel");
        }
        if (messageId == null && r.method.equals("POST")) {
            if (channelId.equals(CHANNEL_NO_SEND)) {
                // what Discord answers a client that posts without checking the overwrite (JDA checks it when cached)
                return error(403, 50013, "Missing Permissions");
            }
            Response tooLarge = checkUploadSize(r);
            if (tooLarge != null) {
                return tooLarge;
            }
            String nonce = r.json.path("nonce").asText(null);
            if (nonce != null && r.json.path("enforce_nonce").asBoolean(false)) {
                String existing = nonces.get(channelId + "/" + nonce);
                if (existing != null && messages.containsKey(existing)) {
                    return ok(messages.get(existing));
                }
            }
            ObjectNode message = newMessage(channelId, (ObjectNode) r.json, r.parts, false);
            if (nonce != null) {
                nonces.put(channelId + "/" + nonce, message.get("id").asText());
            }
            return ok(message);
        }
        ObjectNode message = messageId == null ? null : messages.get(messageId);
        if (message == null || !message.path("channel_id").asText().equals(channelId)) {
            return error(404, 10008, "Unknown Message");
        }
        return switch (r.method) {
            case "GET" -> ok(message);
            case "PATCH" -> {
                Response tooLarge = checkUploadSize(r);
                yield tooLarge != null ? tooLarge : ok(edit(message, (ObjectNode) r.json, r.parts));
            }
            case "DELETE" -> {
                messages.remove(messageId);
                yield new Response(204, null, new byte[0], Map.of());
            }
            default -> error(405, 0, "405: Method Not Allowed");
        };
    }

    private Response commands(String guildId, Request r) {
        if (r.method.equals("GET")) {
            JsonNode list = registeredCommands.get(guildId == null ? "global" : guildId);
            return ok(list == null ? JSON.createArrayNode() : list);
        }
        if (!r.method.equals("PUT") || !r.json.isArray()) {
            return error(405, 0, "405: Method Not Allowed");
        }
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode c : r.json) {
            ObjectNode cmd = ((ObjectNode) c).deepCopy();
            String id = commandIds.computeIfAbsent(cmd.path("name").asText(), n -> nextId());
            cmd.put("id", id).put("application_id", BOT_ID).put("version", nextId());
            if (!cmd.has("type")) {
                cmd.put("type", 1);
            }
            if (!cmd.has("default_member_permissions")) {
                cmd.putNull("default_member_permissions");
            }
            if (!cmd.has("nsfw")) {
                cmd.put("nsfw", false);
            }
            if (guildId != null) {
                cmd.put("guild_id", guildId);
            }
            out.add(cmd);
        }
        registeredCommands.put(guildId == null ? "global" : guildId, out);
        return ok(out);
    }

    private Response openDm(String userId) {
        return ok(channels.get(openDmChannel(userId)));
    }

    /** The DM channel with {@code userId}, created (and kept) on first use. */
    private String openDmChannel(String userId) {
        String id = dmChannels.computeIfAbsent(userId, u -> nextId());
        Member recipient = List.of(ALICE, BOB, MONA_MODERATOR, ADAM_ADMIN, HELGA_HELPER).stream()
                .filter(m -> m.id().equals(userId))
                .findFirst()
                .orElse(Member.of(userId, "user" + userId));
        channels.putIfAbsent(id, DiscordJson.dmChannel(id, recipient));
        return id;
    }

    private Response checkUploadSize(Request r) {
        for (RecordedCall.Part part : r.parts) {
            if (part.filename() != null && part.bytes().length > uploadLimitBytes) {
                return error(413, 40005, "Request entity too large");
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- state

    private ObjectNode newMessage(String channelId, ObjectNode request, List<RecordedCall.Part> parts, boolean viaWebhook) {
        ObjectNode request0 = request == null ? JSON.createObjectNode() : request;
        String id = nextId();
        ObjectNode m = JSON.createObjectNode()
                .put("id", id)
                .put("type", 0)
                .put("channel_id", channelId)
                .put("content", request0.path("content").asText(""))
                .put("timestamp", DiscordJson.timestamp(clock.instant()))
                .putNull("edited_timestamp")
                .put("tts", false)
                .put("mention_everyone", false)
                .put("pinned", false)
                .put("flags", request0.path("flags").asInt(0) & 64);
        m.set("author", DiscordJson.user(BOT_ID, BOT_NAME, true));
        m.set("mentions", mentions(request0));
        m.putArray("mention_roles");
        m.set("attachments", attachments(channelId, List.of(), request0, parts));
        m.set("embeds", embeds(request0));
        m.set("components", components(request0));
        if (request0.has("nonce")) {
            m.set("nonce", request0.get("nonce"));
        }
        if (viaWebhook) {
            m.put("webhook_id", BOT_ID).put("application_id", BOT_ID);
        }
        messages.put(id, m);
        return m;
    }

    private ObjectNode edit(ObjectNode message, ObjectNode request, List<RecordedCall.Part> parts) {
        ObjectNode r = request == null ? JSON.createObjectNode() : request;
        synchronized (message) {
            if (r.has("content")) {
                message.put("content", r.path("content").asText(""));
                message.set("mentions", mentions(r));
            }
            if (r.has("embeds")) {
                message.set("embeds", embeds(r));
            }
            if (r.has("components")) {
                message.set("components", components(r));
            }
            if (r.has("attachments") || !parts.isEmpty()) {
                List<JsonNode> kept = new ArrayList<>();
                for (JsonNode a : message.path("attachments")) {
                    for (JsonNode keep : r.path("attachments")) {
                        if (keep.path("id").asText().equals(a.path("id").asText())) {
                            kept.add(a);
                        }
                    }
                }
                message.set("attachments", attachments(message.get("channel_id").asText(), kept, r, parts));
            }
            message.put("flags", message.path("flags").asInt() & ~128);
            message.put("edited_timestamp", DiscordJson.timestamp(clock.instant()));
            return message.deepCopy();
        }
    }

    private ArrayNode attachments(String channelId, List<JsonNode> kept, ObjectNode request,
            List<RecordedCall.Part> parts) {
        ArrayNode out = JSON.createArrayNode();
        kept.forEach(out::add);
        Map<String, String> descriptions = new HashMap<>();
        for (JsonNode a : request.path("attachments")) {
            descriptions.put(a.path("id").asText(), a.path("description").asText(null));
        }
        int index = 0;
        for (RecordedCall.Part part : parts) {
            if (part.filename() == null) {
                continue;
            }
            String id = nextId();
            String path = "/attachments/" + channelId + "/" + id + "/" + part.filename();
            cdnFiles.put(path, part.bytes());
            String url = "http://127.0.0.1:" + http.port() + path;
            ObjectNode a = out.addObject()
                    .put("id", id)
                    .put("filename", part.filename())
                    .put("size", part.bytes().length)
                    .put("url", url)
                    .put("proxy_url", url)
                    .put("content_type", part.contentType() == null ? "application/octet-stream" : part.contentType());
            String description = descriptions.get(Integer.toString(index++));
            if (description != null) {
                a.put("description", description);
            }
        }
        return out;
    }

    private static ArrayNode mentions(ObjectNode request) {
        ArrayNode out = JSON.createArrayNode();
        Matcher m = Pattern.compile("<@!?(\\d+)>").matcher(request.path("content").asText(""));
        while (m.find()) {
            out.add(DiscordJson.user(m.group(1), "user" + m.group(1), false));
        }
        return out;
    }

    private static ArrayNode embeds(ObjectNode request) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode e : request.path("embeds")) {
            ObjectNode copy = ((ObjectNode) e).deepCopy();
            if (!copy.has("type")) {
                copy.put("type", "rich");
            }
            out.add(copy);
        }
        return out;
    }

    private ArrayNode components(ObjectNode request) {
        ArrayNode out = request.has("components") && request.get("components").isArray()
                ? ((ArrayNode) request.get("components")).deepCopy()
                : JSON.createArrayNode();
        synchronized (componentIds) {
            DiscordJson.numberComponents(out, componentIds);
        }
        return out;
    }

    private ObjectNode channel(String id) {
        ObjectNode c = channels.get(id);
        return c != null ? c : threads.get(id);
    }

    private List<String> guildIds() {
        return secondGuild ? List.of(GUILD_ID, GUILD_2_ID) : List.of(GUILD_ID);
    }

    private List<ObjectNode> guildCreates(ShardInfo shard) {
        List<ObjectNode> out = new ArrayList<>();
        for (String guildId : guildIds()) {
            if (!shard.serves(guildId)) {
                continue;
            }
            List<ObjectNode> guildChannels = channels.values().stream()
                    .filter(c -> c.path("type").asInt() == 0 && c.path("guild_id").asText().equals(guildId))
                    .sorted((a, b) -> a.get("position").asInt() - b.get("position").asInt()).toList();
            out.add(guildId.equals(GUILD_ID)
                    ? DiscordJson.guildCreate(GUILD_ID, "Seedance Test Guild", guildChannels, threads.values(),
                            List.of(ALICE, BOB, MONA_MODERATOR, ADAM_ADMIN, HELGA_HELPER))
                    : DiscordJson.guildCreate(guildId, "Second Test Guild", guildChannels, List.of(),
                            List.of(ALICE, BOB)));
        }
        return out;
    }

    /** The guild a guild channel or thread belongs to. */
    private String guildOf(String channelId) {
        ObjectNode channel = channel(channelId);
        return channel == null ? GUILD_ID : channel.path("guild_id").asText(GUILD_ID);
    }

    private void dispatch(ObjectNode interaction) {
        gateway.dispatch("INTERACTION_CREATE", interaction, interaction.path("guild_id").asText(null));
    }

    private static boolean isDm(ObjectNode channel) {
        return channel.path("type").asInt() == 1;
    }

    private ObjectNode interactionBase(String id, String token, int type, Member who, String channelId,
            long attachmentSizeLimit) {
        ObjectNode channel = channel(channelId);
        if (channel == null) {
            throw new IllegalArgumentException("the fake guild has no channel " + channelId);
        }
        interactionChannels.put(token, channelId);
        if (isDm(channel)) {
            // a DM: no guild, and the user instead of a member (what Discord sends for context 1, BOT_DM)
            ObjectNode dm = JSON.createObjectNode()
                    .put("id", id)
                    .put("application_id", BOT_ID)
                    .put("type", type)
                    .put("token", token)
                    .put("version", 1)
                    .put("channel_id", channelId)
                    .put("locale", userLocales.getOrDefault(who.id(), "en-US"))
                    .put("app_permissions", Long.toString(DiscordJson.BOT_PERMISSIONS))
                    .put("context", 1)
                    .put("attachment_size_limit", attachmentSizeLimit);
            dm.set("channel", channel.deepCopy());
            dm.set("user", DiscordJson.user(who.id(), who.username(), false));
            dm.putObject("authorizing_integration_owners").put("1", who.id());
            dm.putArray("entitlements");
            return dm;
        }
        ObjectNode i = JSON.createObjectNode()
                .put("id", id)
                .put("application_id", BOT_ID)
                .put("type", type)
                .put("token", token)
                .put("version", 1)
                .put("guild_id", guildOf(channelId))
                .put("channel_id", channelId)
                .put("locale", userLocales.getOrDefault(who.id(), "en-US"))
                .put("guild_locale", "en-US")
                .put("app_permissions", Long.toString(DiscordJson.BOT_PERMISSIONS))
                .put("context", 0)
                .put("attachment_size_limit", attachmentSizeLimit);
        i.set("channel", channel.deepCopy());
        i.putObject("guild").put("id", guildOf(channelId)).put("locale", "en-US").putArray("features");
        long permissions = DiscordJson.EVERYONE_PERMISSIONS
                | (who.roleIds().contains(ROLE_ADMINS) ? DiscordJson.MANAGE_GUILD : 0);
        i.set("member", DiscordJson.member(who).put("permissions", Long.toString(permissions)));
        i.putObject("authorizing_integration_owners").put("0", guildOf(channelId));
        i.putArray("entitlements");
        return i;
    }

    private ObjectNode optionJson(SlashCommand.Option o, ObjectNode resolved) {
        ObjectNode node = JSON.createObjectNode().put("name", o.name());
        Object v = o.value();
        if (v instanceof String s) {
            node.put("type", 3).put("value", s);
        } else if (v instanceof Integer n) {
            node.put("type", 4).put("value", n);
        } else if (v instanceof Long n) {
            node.put("type", 4).put("value", n);
        } else if (v instanceof Double d) {
            node.put("type", 10).put("value", d);
        } else if (v instanceof Boolean b) {
            node.put("type", 5).put("value", b);
        } else if (v instanceof CdnAttachment a) {
            node.put("type", 11).put("value", a.id());
            ObjectNode attachment = resolved.withObjectProperty("attachments").putObject(a.id())
                    .put("id", a.id())
                    .put("filename", a.filename())
                    .put("size", a.declaredSize())
                    .put("url", a.url())
                    .put("proxy_url", a.url())
                    .put("ephemeral", true);
            if (a.contentType() != null) {
                attachment.put("content_type", a.contentType());
            }
        } else if (v instanceof Member m) {
            node.put("type", 6).put("value", m.id());
            resolved.withObjectProperty("users").set(m.id(), DiscordJson.user(m.id(), m.username(), false));
            ObjectNode member = DiscordJson.member(m);
            member.remove("user");
            member.put("permissions", Long.toString(DiscordJson.EVERYONE_PERMISSIONS));
            resolved.withObjectProperty("members").set(m.id(), member);
        } else if (v instanceof SlashCommand.RoleValue r) {
            node.put("type", 8).put("value", r.roleId());
            JsonNode role = StreamSupport.stream(DiscordJson.roles(GUILD_ID).spliterator(), false)
                    .filter(n -> n.get("id").asText().equals(r.roleId())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no role " + r.roleId() + " in the fake guild"));
            resolved.withObjectProperty("roles").set(r.roleId(), role);
        } else if (v instanceof SlashCommand.ChannelValue c) {
            node.put("type", 7).put("value", c.channelId());
            resolved.withObjectProperty("channels").putObject(c.channelId())
                    .put("id", c.channelId())
                    .put("type", 0)
                    .put("name", "channel-" + c.channelId())
                    .putNull("parent_id")
                    .put("permissions", Long.toString(DiscordJson.EVERYONE_PERMISSIONS));
        }
        return node;
    }

    private static ArrayNode noSendOverwrite() {
        ArrayNode overwrites = JSON.createArrayNode();
        overwrites.addObject().put("id", BOT_ID).put("type", 1).put("allow", "0")
                .put("deny", Long.toString(DiscordJson.SEND_MESSAGES));
        return overwrites;
    }

    /**
     * A snowflake whose timestamp is the fake's clock: JDA derives an interaction's age from its id and refuses to
     * answer one that looks older than 15 minutes. The low 22 bits keep ids unique and increasing.
     */
    private String nextId() {
        long millis = clock.millis() - DISCORD_EPOCH_MILLIS;
        return Long.toString((millis << 22) | (sequence.incrementAndGet() & 0x3FFFFF));
    }

    // ---------------------------------------------------------------- plumbing

    private Optional<DiscordFault> takeFault(String method, String path) {
        return faults.take(new Route(method, path));
    }

    private void record(RecordedCall call, long receivedNanos) {
        receivedAt.put(call, receivedNanos);
        calls.add(call);
    }

    private static Response faultResponse(DiscordFault f) {
        ObjectNode body = JSON.createObjectNode().put("message", f.message()).put("code", f.code());
        if (f.status() == 429) {
            body.put("retry_after", Double.parseDouble(f.headers().getOrDefault("X-RateLimit-Reset-After", "1")))
                    .put("global", false);
        }
        return new Response(f.status(), "application/json", write(body), f.headers());
    }

    private static Response ok(JsonNode body) {
        return new Response(200, "application/json", write(body), Map.of());
    }

    private static Response error(int status, int code, String message) {
        return new Response(status, "application/json",
                write(JSON.createObjectNode().put("message", message).put("code", code)), Map.of());
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void send(HttpExchange exchange, Response response) throws IOException {
        var h = exchange.getResponseHeaders();
        if (!response.headers.containsKey("X-RateLimit-Limit") && exchange.getRequestURI().getPath().startsWith(API)) {
            Instant reset = clock.instant().plusSeconds(1);
            h.add("X-RateLimit-Bucket", Integer.toHexString(exchange.getRequestURI().getPath().hashCode()));
            h.add("X-RateLimit-Limit", "50");
            h.add("X-RateLimit-Remaining", "49");
            h.add("X-RateLimit-Reset-After", "1.000");
            h.add("X-RateLimit-Reset", Long.toString(reset.getEpochSecond()));
        }
        response.headers.forEach(h::add);
        if (response.contentType != null) {
            h.add("Content-Type", response.contentType);
        }
        if (response.status == 204) {
            exchange.sendResponseHeaders(204, -1);
            return;
        }
        exchange.sendResponseHeaders(response.status, response.body.length == 0 ? -1 : response.body.length);
        exchange.getResponseBody().write(response.body);
        exchange.getResponseBody().flush();
    }
}
