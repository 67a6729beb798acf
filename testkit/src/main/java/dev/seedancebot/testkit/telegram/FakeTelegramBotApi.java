package dev.seedancebot.testkit.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.seedancebot.testkit.loopback.CallLog;
import dev.seedancebot.testkit.loopback.FaultQueue;
import dev.seedancebot.testkit.loopback.LoopbackServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Telegram Bot API server on 127.0.0.1 for end-to-end tests with the real TelegramBots client
 * (platforms/LOOPBACK-FAKES.md §2).
 *
 * <p>Routes: {@code /bot<token>/<method>} for getUpdates (long-polls at most {@link Builder#maxPollHold}), getMe,
 * getFile, sendMessage, editMessageText, editMessageReplyMarkup, editMessageMedia, sendVideo, sendDocument,
 * answerCallbackQuery, deleteMessage,
 * getChatAdministrators, setMyCommands, setWebhook, deleteWebhook and sendChatAction, with method names matched
 * case-insensitively; and {@code GET /file/bot<token>/<file_path>} for downloads. Bodies may be JSON, form-encoded or
 * multipart ({@code attach://} references resolved). Dates are in seconds.
 *
 * <p>Realism: a forum chat refuses {@code message_thread_id=1} ("message thread not found"); getFile refuses files
 * over 20 MB and uploads over 50 MB get 413, unless built as a {@link Builder#localServer local Bot API server}
 * (2000 MB uploads, no download cap); editing to identical content gets "message is not modified"; editing an unknown
 * message gets "message to edit not found"; editMessageText on a media message gets "there is no text in the message
 * to edit"; editMessageMedia (an {@code attach://} upload) turns any bot message, text included, into a media message
 * under the same id. One-shot errors are queued per method with {@link #failNext}.
 *
 * <p>One receiver at a time, as on Telegram: a getUpdates that arrives while another is held ends the held one with
 * 409 "terminated by other getUpdates request"; while a webhook is set, getUpdates answers 409 and every new update is
 * POSTed to the webhook URL with the secret token in {@code X-Telegram-Bot-Api-Secret-Token} instead of being queued
 * ({@link #webhookPushes()} records the answers).
 *
 * <p>Every call is recorded ({@link #calls()}), bot messages are kept with edits applied ({@link #botMessages}).
 * Thread-safe.
 */
public final class FakeTelegramBotApi implements AutoCloseable {
    /** Telegram's placeholder {@code from} of messages posted as a channel ({@code sender_chat} names the channel). */
    public static final TgUser CHANNEL_BOT = new TgUser(136817688, "Channel_Bot", "Channel");
    /** Telegram's placeholder {@code from} of messages an admin posted anonymously as the group. */
    public static final TgUser GROUP_ANONYMOUS_BOT = new TgUser(1087968824, "GroupAnonymousBot", "Group");
    /** The token {@link #start()} accepts. */
    public static final String DEFAULT_TOKEN = "123456:FAKE-telegram-token";

    private static final Logger log = LoggerFactory.getLogger(FakeTelegramBotApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MB = 1024L * 1024;

    private final LoopbackServer server;
    private final String token;
    private final TgUser bot;
    private final Clock clock;
    private final long downloadLimit;
    private final long uploadLimit;
    private final long maxPollHoldMillis;

    private final ReentrantLock updatesLock = new ReentrantLock();
    private final Condition updateArrived = updatesLock.newCondition();
    private final List<ObjectNode> updates = new ArrayList<>();
    private final AtomicLong updateIds = new AtomicLong(100);
    private final AtomicInteger messageIds = new AtomicInteger(1000);
    private final AtomicInteger fileIds = new AtomicInteger();
    private final AtomicInteger callbackIds = new AtomicInteger();

    private final CallLog<TelegramCall> calls = new CallLog<>();
    /** Keyed by the Bot API method in lower case. */
    private final FaultQueue<String, TelegramFault> faults = new FaultQueue<>();
    private final List<PostedVideo> postedVideos = new ArrayList<>();
    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> messages = new ConcurrentHashMap<>();
    private final Map<String, BotMessage> botMessages = new LinkedHashMap<>();
    /** The bot's messages as first sent; guarded by {@link #botMessages}. */
    private final Map<String, BotMessage> sentMessages = new LinkedHashMap<>();
    private final Map<Long, TgChat> chats = new ConcurrentHashMap<>();
    private final Map<Long, List<TgUser>> administrators = new ConcurrentHashMap<>();
    /** Users who never started the bot: Telegram refuses the bot's messages to them. */
    private final Set<Long> notStarted = ConcurrentHashMap.newKeySet();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final AtomicInteger held = new AtomicInteger();
    /** Bumped by every getUpdates; a held poll that sees a newer one ends with 409, as on Telegram. */
    private final AtomicLong pollGeneration = new AtomicLong();
    private final List<Integer> webhookPushes = new ArrayList<>();
    private final HttpClient webhookClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Webhook webhook;

    private record Webhook(String url, String secretToken) {}

    private record StoredFile(String fileId, String uniqueId, String path, byte[] bytes, long declaredSize) {}

    private FakeTelegramBotApi(Builder builder) {
        this.token = builder.token;
        this.bot = new TgUser(builder.botId, builder.botUsername, "Seedance Bot");
        this.clock = builder.clock;
        this.downloadLimit = builder.localServer ? Long.MAX_VALUE : 20 * MB;
        this.uploadLimit = builder.localServer ? 2000 * MB : 50 * MB;
        this.maxPollHoldMillis = builder.maxPollHoldMillis;
        this.server = LoopbackServer.start("fake-telegram", 0, 64, this::handle);
        log.debug("fake Telegram Bot API listening on {}", server.baseUrl());
    }

    /** Starts a server with {@link #DEFAULT_TOKEN}, bot {@code @SeedanceTestBot}, cloud limits. */
    public static FakeTelegramBotApi start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return server.baseUrl();
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.port();
    }

    public String token() {
        return token;
    }

    /** The bot's own user, as getMe answers it. */
    public TgUser bot() {
        return bot;
    }

    /** Stops at once; a held getUpdates is abandoned. */
    @Override
    public void close() {
        server.close();
    }

    /** Every later call is answered {@code delay} later, as across a network with that round trip. */
    public void setRoundTrip(Duration delay) {
        server.setRoundTrip(delay);
    }

    // ---- scripting ----

    /** Starts a user message; finish it with {@link IncomingMessage#send()}. */
    public IncomingMessage message(TgChat chat, TgUser from) {
        chats.put(chat.id(), chat);
        return new IncomingMessage(chat, from);
    }

    /**
     * Queues a callback query from {@code from} pressing a button with {@code data} under the bot message
     * {@code messageId} in {@code chat}. Returns the callback query id.
     */
    public String pressButton(TgChat chat, TgUser from, int messageId, String data) {
        String id = "cb" + callbackIds.incrementAndGet();
        ObjectNode query = JSON.createObjectNode();
        query.put("id", id);
        query.set("from", user(from));
        query.put("chat_instance", "ci" + chat.id());
        query.put("data", data);
        ObjectNode message = messages.get(key(chat.id(), messageId));
        if (message == null) {
            throw new IllegalArgumentException("no message " + messageId + " in chat " + chat.id());
        }
        query.set("message", message.deepCopy());
        ObjectNode update = JSON.createObjectNode();
        update.set("callback_query", query);
        enqueue(update);
        return id;
    }

    /** getChatAdministrators of {@code chat} answers these users (the first as creator). */
    public void setAdministrators(TgChat chat, TgUser... admins) {
        chats.put(chat.id(), chat);
        administrators.put(chat.id(), List.of(admins));
    }

    /** {@code user} never started the bot: sending to their private chat answers 403, as Telegram does. */
    public void neverStarted(TgUser user) {
        notStarted.add(user.id());
    }

    /** The next call of {@code method} (any case) answers {@code fault}; faults queue up per method. */
    public void failNext(String method, TelegramFault fault) {
        String key = method.toLowerCase(Locale.ROOT);
        faults.add(key::equals, Objects.requireNonNull(fault, "fault"));
    }

    /**
     * Every call of {@code method} (any case) from now on waits until {@code release} is counted down (at most 30 s)
     * before it is answered, so tests can keep the bot's threads busy without sleeping.
     */
    public void holdCalls(String method, CountDownLatch release) {
        holds.put(method.toLowerCase(Locale.ROOT), Objects.requireNonNull(release, "release"));
    }

    /** Calls waiting in {@link #holdCalls} now. */
    public int heldCalls() {
        return held.get();
    }

    /** The URL setWebhook registered, until deleteWebhook. */
    public Optional<String> webhookUrl() {
        Webhook w = webhook;
        return Optional.ofNullable(w).map(Webhook::url);
    }

    /** The HTTP status of every update pushed to the webhook so far, in order (-1: no answer). */
    public List<Integer> webhookPushes() {
        synchronized (webhookPushes) {
            return List.copyOf(webhookPushes);
        }
    }

    /** Updates not yet fetched by the bot. */
    public int pendingUpdates() {
        updatesLock.lock();
        try {
            return updates.size();
        } finally {
            updatesLock.unlock();
        }
    }

    /** Deletes one of the bot's messages, as a chat admin may: later edits of it get "message to edit not found". */
    public void deleteBotMessage(long chatId, int messageId) {
        synchronized (botMessages) {
            botMessages.remove(key(chatId, messageId));
            messages.remove(key(chatId, messageId));
        }
    }

    // ---- inspection ----

    /** Every call so far, in arrival order. */
    public List<TelegramCall> calls() {
        return calls.all();
    }

    /** Every video uploaded with sendVideo or editMessageMedia and accepted, in order, with its metadata fields. */
    public List<PostedVideo> postedVideos() {
        synchronized (postedVideos) {
            return List.copyOf(postedVideos);
        }
    }

    /** The calls of one method, ignoring case ({@code "sendVideo"} finds {@code sendvideo}). */
    public List<TelegramCall> calls(String method) {
        return calls().stream().filter(c -> c.is(method)).toList();
    }

    /** The bot's messages in {@code chatId}, oldest first, with edits applied. */
    public List<BotMessage> botMessages(long chatId) {
        synchronized (botMessages) {
            return botMessages.values().stream().filter(m -> m.chatId() == chatId).toList();
        }
    }

    /**
     * The bot's messages in {@code chatId} as first sent, before any edit: an acknowledgement that has since become
     * the video still shows its text here.
     */
    public List<BotMessage> sentMessages(long chatId) {
        synchronized (botMessages) {
            return sentMessages.values().stream().filter(m -> m.chatId() == chatId).toList();
        }
    }

    /** The bot's messages in every chat, oldest first, with edits applied. */
    public List<BotMessage> botMessages() {
        synchronized (botMessages) {
            return List.copyOf(botMessages.values());
        }
    }

    /** One bot message by id. */
    public Optional<BotMessage> botMessage(long chatId, int messageId) {
        synchronized (botMessages) {
            return Optional.ofNullable(botMessages.get(key(chatId, messageId)));
        }
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rawUrl = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.startsWith("/file/bot")) {
                download(exchange, rawUrl, path);
                return;
            }
            if (!path.startsWith("/bot") || path.indexOf('/', 4) < 0) {
                respond(exchange, 404, error(404, "Not Found"));
                return;
            }
            String pathToken = path.substring(4, path.indexOf('/', 4));
            String method = path.substring(path.indexOf('/', 4) + 1);
            Map<String, String> params = new LinkedHashMap<>();
            Map<String, UploadedFile> uploads = new LinkedHashMap<>();
            readParams(exchange, body, params, uploads);
            if (!pathToken.equals(token)) {
                record(method, exchange, rawUrl, params, uploads, 401);
                respond(exchange, 401, error(401, "Unauthorized"));
                return;
            }
            awaitRelease(method);
            TelegramFault fault = faults.take(method.toLowerCase(Locale.ROOT)).orElse(null);
            if (fault != null) {
                record(method, exchange, rawUrl, params, uploads, fault.errorCode());
                respond(exchange, fault.errorCode(), error(fault));
                return;
            }
            Answer answer;
            try {
                answer = dispatch(method.toLowerCase(Locale.ROOT), params, uploads);
            } catch (IllegalArgumentException e) {
                answer = Answer.fail(new TelegramFault(400, "Bad Request: " + e.getMessage(), null));
            }
            record(method, exchange, rawUrl, params, uploads, answer.status());
            respond(exchange, answer.status(), answer.body());
        } catch (RuntimeException e) {
            log.error("fake Telegram failed on {}", exchange.getRequestURI(), e);
            respond(exchange, 500, error(500, "Internal Server Error: " + e.getMessage()));
        }
    }

    private void awaitRelease(String method) {
        CountDownLatch release = holds.get(method.toLowerCase(Locale.ROOT));
        if (release == null) {
            return;
        }
        held.incrementAndGet();
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            held.decrementAndGet();
        }
    }

    private record Answer(int status, JsonNode body) {
        static Answer ok(JsonNode result) {
            ObjectNode body = JSON.createObjectNode();
            body.put("ok", true);
            body.set("result", result);
            return new Answer(200, body);
        }

        static Answer fail(TelegramFault fault) {
            return new Answer(fault.errorCode(), error(fault));
        }
    }

    /**
     * Records an accepted video upload with the metadata fields it was sent with: {@code fields} are the form fields
     * of sendVideo or the {@code InputMediaVideo} of editMessageMedia (numbers and booleans arrive as text in a form).
     */
    private Answer posted(String method, JsonNode fields, UploadedFile video, UploadedFile thumbnail, Answer answer) {
        JsonNode message = answer.body().path("result");
        if (answer.status() == 200 && video != null && message.has("video")) {
            PostedVideo posted = new PostedVideo(method, message.path("chat").path("id").asLong(),
                    message.path("message_id").asInt(), video, intOrNull(fields, "width"),
                    intOrNull(fields, "height"), intOrNull(fields, "duration"),
                    fields.path("supports_streaming").asBoolean(false), thumbnail,
                    fields.path("has_spoiler").asBoolean(false));
            synchronized (postedVideos) {
                postedVideos.add(posted);
            }
        }
        return answer;
    }

    private static Integer intOrNull(JsonNode fields, String name) {
        return fields.hasNonNull(name) ? fields.get(name).asInt() : null;
    }

    /** The upload an {@code attach://name} reference inside a media object names, or null. */
    private static UploadedFile attached(String ref, Map<String, UploadedFile> uploads) {
        return ref.startsWith("attach://") ? uploads.get(ref.substring("attach://".length())) : null;
    }

    private Answer dispatch(String method, Map<String, String> p, Map<String, UploadedFile> uploads) {
        return switch (method) {
            case "getupdates" -> getUpdates(p);
            case "getme" -> Answer.ok(me());
            case "setwebhook" -> {
                webhook = new Webhook(required(p, "url"), p.get("secret_token"));
                yield Answer.ok(JSON.getNodeFactory().booleanNode(true));
            }
            case "deletewebhook" -> {
                webhook = null;
                yield Answer.ok(JSON.getNodeFactory().booleanNode(true));
            }
            case "setmycommands", "sendchataction", "answercallbackquery" ->
                    Answer.ok(JSON.getNodeFactory().booleanNode(true));
            case "getfile" -> getFile(p);
            case "sendmessage" -> send(p, "text", null);
            case "sendvideo" -> posted("sendVideo", JSON.valueToTree(p), uploads.get("video"),
                    uploads.get("thumbnail"), send(p, "video", uploads.get("video")));
            case "sendphoto" -> send(p, "photo", uploads.get("photo"));
            case "senddocument" -> send(p, "document", uploads.get("document"));
            case "editmessagetext" -> edit(p, true);
            case "editmessagereplymarkup" -> edit(p, false);
            case "editmessagemedia" -> {
                JsonNode media = parse(required(p, "media"));
                yield posted("editMessageMedia", media, attached(media.path("media").asText(), uploads),
                        attached(media.path("thumbnail").asText(), uploads), editMedia(p, uploads));
            }
            case "getchatadministrators" -> Answer.ok(admins(required(p, "chat_id")));
            case "deletemessage" -> deleteMessage(p);
            default -> Answer.fail(new TelegramFault(404, "Not Found: method not found", null));
        };
    }

    private Answer getUpdates(Map<String, String> p) {
        if (webhook != null) {
            return Answer.fail(TelegramFault.of(409, "Conflict: can't use getUpdates method while webhook is active;"
                    + " use deleteWebhook to delete the webhook first"));
        }
        long offset = Long.parseLong(p.getOrDefault("offset", "0"));
        long timeoutMillis = Math.min(maxPollHoldMillis, Long.parseLong(p.getOrDefault("timeout", "0")) * 1000);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        updatesLock.lock();
        try {
            long generation = pollGeneration.incrementAndGet();
            updateArrived.signalAll(); // wakes a held poll so that it sees it was superseded
            updates.removeIf(u -> u.get("update_id").asLong() < offset);
            while (updates.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                updateArrived.awaitNanos(left);
                if (pollGeneration.get() != generation) {
                    return Answer.fail(TelegramFault.of(409, "Conflict: terminated by other getUpdates request;"
                            + " make sure that only one bot instance is running"));
                }
            }
            ArrayNode result = JSON.createArrayNode();
            updates.forEach(u -> result.add(u.deepCopy()));
            return Answer.ok(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.ok(JSON.createArrayNode());
        } finally {
            updatesLock.unlock();
        }
    }

    private Answer getFile(Map<String, String> p) {
        StoredFile file = files.get(required(p, "file_id"));
        if (file == null) {
            return Answer.fail(TelegramFault.of(400, "Bad Request: invalid file_id"));
        }
        if (file.declaredSize() > downloadLimit) {
            return Answer.fail(TelegramFault.of(400, "Bad Request: file is too big"));
        }
        ObjectNode result = JSON.createObjectNode();
        result.put("file_id", file.fileId());
        result.put("file_unique_id", file.uniqueId());
        if (file.declaredSize() >= 0) {
            result.put("file_size", file.declaredSize());
        }
        result.put("file_path", file.path());
        return Answer.ok(result);
    }

    private void download(HttpExchange exchange, String rawUrl, String path) throws IOException {
        String rest = path.substring("/file/bot".length());
        int slash = rest.indexOf('/');
        String pathToken = slash < 0 ? rest : rest.substring(0, slash);
        String filePath = slash < 0 ? "" : rest.substring(slash + 1);
        Optional<StoredFile> file = files.values().stream().filter(f -> f.path().equals(filePath)).findFirst();
        int status = !pathToken.equals(token) ? 401 : file.isEmpty() ? 404 : 200;
        record("file", exchange, rawUrl, Map.of("file_path", filePath), Map.of(), status);
        if (status != 200) {
            respond(exchange, status, error(status, status == 401 ? "Unauthorized" : "Not Found"));
            return;
        }
        byte[] bytes = file.get().bytes();
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        // a file of unknown size is streamed without Content-Length (chunked), as a client cannot trust one anyway
        long length = file.get().declaredSize() < 0 ? 0 : bytes.length == 0 ? -1 : bytes.length;
        exchange.sendResponseHeaders(200, length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Answer deleteMessage(Map<String, String> p) {
        long chatId = Long.parseLong(required(p, "chat_id"));
        int messageId = Integer.parseInt(required(p, "message_id"));
        synchronized (botMessages) {
            if (!botMessages.containsKey(key(chatId, messageId))) {
                return Answer.fail(TelegramFault.of(400, "Bad Request: message to delete not found"));
            }
            deleteBotMessage(chatId, messageId);
        }
        return Answer.ok(JSON.getNodeFactory().booleanNode(true));
    }

    private Answer send(Map<String, String> p, String kind, UploadedFile upload) {
        long chatId = Long.parseLong(required(p, "chat_id"));
        if (notStarted.contains(chatId)) {
            return Answer.fail(TelegramFault.of(403, "Forbidden: bot can't initiate conversation with a user"));
        }
        TgChat chat = chats.computeIfAbsent(chatId, id -> new TgChat(id, id > 0 ? "private" : "supergroup", null, false));
        Integer threadId = p.containsKey("message_thread_id") ? Integer.valueOf(p.get("message_thread_id")) : null;
        if (chat.isForum() && threadId != null && threadId == 1) {
            return Answer.fail(TelegramFault.threadNotFound());
        }
        if (!kind.equals("text") && upload == null) {
            throw new IllegalArgumentException("there is no " + kind + " in the request");
        }
        if (upload != null && upload.size() > uploadLimit) {
            return Answer.fail(TelegramFault.uploadTooLarge());
        }
        Integer replyTo = replyTarget(p);
        String text = kind.equals("text") ? required(p, "text") : p.get("caption");
        int messageId = messageIds.incrementAndGet();
        ObjectNode message = baseMessage(chat, bot, messageId);
        if (threadId != null) {
            message.put("message_thread_id", threadId);
            message.put("is_topic_message", true);
        }
        if (kind.equals("text")) {
            message.put("text", text);
        } else {
            if (text != null) {
                message.put("caption", text);
            }
            attachMedia(message, kind, upload);
        }
        if (replyTo != null && messages.containsKey(key(chatId, replyTo))) {
            message.set("reply_to_message", messages.get(key(chatId, replyTo)).deepCopy());
        }
        String markup = p.get("reply_markup");
        if (markup != null && parse(markup).has("inline_keyboard")) {
            // Telegram echoes only inline keyboards in the message; force_reply and reply keyboards are not returned
            message.set("reply_markup", parse(markup));
        }
        messages.put(key(chatId, messageId), message);
        synchronized (botMessages) {
            BotMessage sent = new BotMessage(chatId, messageId, threadId, replyTo, kind, text, markup, 0,
                    upload == null ? 0 : upload.size());
            botMessages.put(key(chatId, messageId), sent);
            sentMessages.put(key(chatId, messageId), sent);
        }
        return Answer.ok(message);
    }

    private Answer edit(Map<String, String> p, boolean text) {
        long chatId = Long.parseLong(required(p, "chat_id"));
        int messageId = Integer.parseInt(required(p, "message_id"));
        String k = key(chatId, messageId);
        synchronized (botMessages) {
            BotMessage current = botMessages.get(k);
            if (current == null) {
                return Answer.fail(TelegramFault.messageToEditNotFound());
            }
            if (text && !current.kind().equals("text")) {
                return Answer.fail(TelegramFault.of(400, "Bad Request: there is no text in the message to edit"));
            }
            String newText = text ? required(p, "text") : current.text();
            String newMarkup = p.get("reply_markup");
            if (Objects.equals(newText, current.text()) && sameJson(newMarkup, current.replyMarkup())) {
                return Answer.fail(TelegramFault.of(400, "Bad Request: message is not modified: specified new message"
                        + " content and reply markup are exactly the same as a current content and reply markup of the"
                        + " message"));
            }
            botMessages.put(k, current.edited(newText, newMarkup));
            ObjectNode message = messages.get(k);
            if (text) {
                message.put(current.kind().equals("text") ? "text" : "caption", newText);
            }
            message.put("edit_date", nowSeconds());
            if (newMarkup == null) {
                message.remove("reply_markup");
            } else {
                message.set("reply_markup", parse(newMarkup));
            }
            return Answer.ok(message.deepCopy());
        }
    }

    /**
     * Replaces a message's content with the uploaded media of {@code media} ({@code {"type":"video","media":
     * "attach://x","caption":...}}): a text message becomes a media message, keeping its id, chat, thread and reply.
     */
    private Answer editMedia(Map<String, String> p, Map<String, UploadedFile> uploads) {
        long chatId = Long.parseLong(required(p, "chat_id"));
        int messageId = Integer.parseInt(required(p, "message_id"));
        JsonNode media = parse(required(p, "media"));
        String kind = media.path("type").asText();
        String ref = media.path("media").asText();
        if (!kind.equals("video") && !kind.equals("document")) {
            throw new IllegalArgumentException("unsupported media type " + kind);
        }
        UploadedFile upload = attached(ref, uploads);
        if (upload == null) {
            throw new IllegalArgumentException("there is no " + kind + " in the request");
        }
        if (upload.size() > uploadLimit) {
            return Answer.fail(TelegramFault.uploadTooLarge());
        }
        String caption = media.hasNonNull("caption") ? media.get("caption").asText() : null;
        String markup = p.get("reply_markup");
        String k = key(chatId, messageId);
        synchronized (botMessages) {
            BotMessage current = botMessages.get(k);
            if (current == null) {
                return Answer.fail(TelegramFault.messageToEditNotFound());
            }
            botMessages.put(k, current.withMedia(kind, caption, markup, upload.size()));
            ObjectNode message = messages.get(k);
            for (String field : List.of("text", "caption", "video", "document")) {
                message.remove(field);
            }
            if (caption != null) {
                message.put("caption", caption);
            }
            attachMedia(message, kind, upload);
            message.put("edit_date", nowSeconds());
            if (markup == null) {
                message.remove("reply_markup");
            } else {
                message.set("reply_markup", parse(markup));
            }
            return Answer.ok(message.deepCopy());
        }
    }

    private void attachMedia(ObjectNode message, String kind, UploadedFile upload) {
        String fileId = storeFile(upload.bytes(), kind + "s/" + upload.fileName(), upload.size());
        // Telegram sends a photo as its sizes, an array
        ObjectNode media = kind.equals("photo") ? message.putArray(kind).addObject() : message.putObject(kind);
        media.put("file_id", fileId);
        media.put("file_unique_id", "u" + fileId);
        media.put("file_size", upload.size());
        if (kind.equals("video")) {
            media.put("width", 640);
            media.put("height", 640);
            media.put("duration", 5);
        }
    }

    private ArrayNode admins(String chatIdText) {
        ArrayNode result = JSON.createArrayNode();
        List<TgUser> admins = administrators.getOrDefault(Long.parseLong(chatIdText), List.of());
        for (int i = 0; i < admins.size(); i++) {
            ObjectNode member = result.addObject();
            member.put("status", i == 0 ? "creator" : "administrator");
            member.set("user", user(admins.get(i)));
            member.put("is_anonymous", false);
            if (i > 0) {
                for (String right : List.of("can_be_edited", "can_manage_chat", "can_delete_messages",
                        "can_manage_video_chats", "can_restrict_members", "can_promote_members", "can_change_info",
                        "can_invite_users", "can_post_stories", "can_edit_stories", "can_delete_stories",
                        "can_pin_messages", "can_manage_topics")) {
                    member.put(right, true);
                }
            }
        }
        return result;
    }

    private ObjectNode me() {
        ObjectNode me = user(bot);
        me.put("can_join_groups", true);
        me.put("can_read_all_group_messages", false);
        me.put("supports_inline_queries", false);
        return me;
    }

    // ---- helpers ----

    private void enqueue(ObjectNode update) {
        update.put("update_id", updateIds.incrementAndGet());
        Webhook target = webhook;
        if (target != null) {
            server.runLater(Duration.ZERO, () -> push(target, update));
            return;
        }
        updatesLock.lock();
        try {
            updates.add(update);
            updateArrived.signalAll();
        } finally {
            updatesLock.unlock();
        }
    }

    /** Delivers one update to the webhook as Telegram does: JSON body, secret token header, one attempt. */
    private void push(Webhook target, ObjectNode update) {
        int status;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(update)));
            if (target.secretToken() != null) {
                request.header("X-Telegram-Bot-Api-Secret-Token", target.secretToken());
            }
            status = webhookClient.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            log.debug("webhook push failed: {}", e.toString());
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
        }
        synchronized (webhookPushes) {
            webhookPushes.add(status);
        }
    }

    private String storeFile(byte[] bytes, String path, long declaredSize) {
        int n = fileIds.incrementAndGet();
        String fileId = "file-" + n;
        String unique = path.contains("/") ? path.substring(0, path.indexOf('/') + 1) + "file_" + n
                + extension(path) : "file_" + n;
        files.put(fileId, new StoredFile(fileId, "u" + fileId, unique, bytes.clone(), declaredSize));
        return fileId;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }

    private Integer replyTarget(Map<String, String> p) {
        if (p.containsKey("reply_to_message_id")) {
            return Integer.valueOf(p.get("reply_to_message_id"));
        }
        String parameters = p.get("reply_parameters");
        if (parameters != null) {
            JsonNode node = parse(parameters);
            if (node.hasNonNull("message_id")) {
                return node.get("message_id").asInt();
            }
        }
        return null;
    }

    private ObjectNode baseMessage(TgChat chat, TgUser from, int messageId) {
        ObjectNode message = JSON.createObjectNode();
        message.put("message_id", messageId);
        message.put("date", nowSeconds());
        ObjectNode c = message.putObject("chat");
        c.put("id", chat.id());
        c.put("type", chat.type());
        if (chat.title() != null) {
            c.put("title", chat.title());
        }
        if (chat.isForum()) {
            c.put("is_forum", true);
        }
        message.set("from", user(from));
        return message;
    }

    private static ObjectNode chatNode(TgChat chat) {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", chat.id());
        c.put("type", chat.type());
        if (chat.title() != null) {
            c.put("title", chat.title());
        }
        return c;
    }

    private int nowSeconds() {
        return (int) clock.instant().getEpochSecond();
    }

    private static ObjectNode user(TgUser u) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", u.id());
        node.put("is_bot", u.username() != null && u.username().toLowerCase(Locale.ROOT).endsWith("bot"));
        node.put("first_name", u.firstName());
        if (u.username() != null) {
            node.put("username", u.username());
        }
        if (u.languageCode() != null) {
            node.put("language_code", u.languageCode());
        }
        return node;
    }

    private static String key(long chatId, int messageId) {
        return chatId + "/" + messageId;
    }

    private static String required(Map<String, String> p, String name) {
        String value = p.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        return value;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("can't parse JSON: " + json);
        }
    }

    private static boolean sameJson(String a, String b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        return parse(a).equals(parse(b));
    }

    private static void readParams(
            HttpExchange exchange, byte[] body, Map<String, String> params, Map<String, UploadedFile> uploads) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            params.putAll(formDecode(query));
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (body.length == 0) {
            return;
        }
        if (MultipartBody.isMultipart(contentType)) {
            Map<String, MultipartBody.Part> fileParts = new HashMap<>();
            for (MultipartBody.Part part : MultipartBody.parse(contentType, body)) {
                if (part.fileName() != null) {
                    fileParts.put(part.name(), part);
                } else {
                    params.put(part.name(), part.text());
                }
            }
            for (Iterator<Map.Entry<String, String>> it = params.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, String> e = it.next();
                if (e.getValue().startsWith("attach://")) {
                    MultipartBody.Part part = fileParts.remove(e.getValue().substring("attach://".length()));
                    if (part != null) {
                        uploads.put(e.getKey(), upload(e.getKey(), part));
                    }
                }
            }
            fileParts.forEach((name, part) -> uploads.put(name, upload(name, part)));
        } else if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            params.putAll(formDecode(new String(body, StandardCharsets.UTF_8)));
        } else {
            JsonNode node = parse(new String(body, StandardCharsets.UTF_8));
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                params.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
            }
        }
    }

    private static UploadedFile upload(String field, MultipartBody.Part part) {
        return new UploadedFile(field, part.fileName(), part.contentType(), part.body());
    }

    private static Map<String, String> formDecode(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.put(name, value);
        }
        return result;
    }

    private void record(
            String method, HttpExchange exchange, String rawUrl, Map<String, String> params,
            Map<String, UploadedFile> uploads, int status) {
        calls.add(new TelegramCall(method, exchange.getRequestMethod(), rawUrl, params, uploads, status));
    }

    private static ObjectNode error(int code, String description) {
        return error(new TelegramFault(code, description, null));
    }

    private static ObjectNode error(TelegramFault fault) {
        ObjectNode body = JSON.createObjectNode();
        body.put("ok", false);
        body.put("error_code", fault.errorCode());
        body.put("description", fault.description());
        if (fault.retryAfter() != null) {
            body.putObject("parameters").put("retry_after", fault.retryAfter());
        }
        return body;
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * A user message being put together; {@link #send()} queues it as an update and returns its message id. Media
     * methods store the bytes so getFile and the download route serve them.
     */
    public final class IncomingMessage {
        private final TgChat chat;
        private final ObjectNode message;

        private IncomingMessage(TgChat chat, TgUser from) {
            this.chat = chat;
            this.message = baseMessage(chat, from, messageIds.incrementAndGet());
        }

        public IncomingMessage text(String text) {
            message.put("text", text);
            return this;
        }

        public IncomingMessage caption(String caption) {
            message.put("caption", caption);
            return this;
        }

        /** A photo in three sizes, as Telegram sends it; all sizes serve {@code bytes}. */
        public IncomingMessage photo(byte[] bytes) {
            ArrayNode sizes = message.putArray("photo");
            int[][] dims = {{90, 90}, {320, 320}, {640, 640}};
            for (int[] d : dims) {
                ObjectNode size = sizes.addObject();
                String fileId = storeFile(bytes, "photos/photo.jpg", bytes.length);
                size.put("file_id", fileId);
                size.put("file_unique_id", "u" + fileId);
                size.put("width", d[0]);
                size.put("height", d[1]);
                size.put("file_size", bytes.length);
            }
            return this;
        }

        public IncomingMessage video(byte[] bytes, String fileName, int durationSeconds) {
            ObjectNode video = media("video", bytes, fileName, "video/mp4", bytes.length);
            video.put("width", 640);
            video.put("height", 640);
            video.put("duration", durationSeconds);
            return this;
        }

        /** A video that claims {@code declaredSize} bytes (for size-limit tests) but serves {@code bytes}. */
        public IncomingMessage video(byte[] bytes, String fileName, int durationSeconds, long declaredSize) {
            ObjectNode video = media("video", bytes, fileName, "video/mp4", declaredSize);
            video.put("width", 640);
            video.put("height", 640);
            video.put("duration", durationSeconds);
            return this;
        }

        public IncomingMessage audio(byte[] bytes, String fileName, String mimeType, int durationSeconds) {
            media("audio", bytes, fileName, mimeType, bytes.length).put("duration", durationSeconds);
            return this;
        }

        /** A voice message as Telegram's apps record it: OGG/Opus, no file name. */
        public IncomingMessage voice(byte[] bytes, int durationSeconds) {
            ObjectNode voice = media("voice", bytes, "voice.oga", "audio/ogg", bytes.length);
            voice.remove("file_name");
            voice.put("duration", durationSeconds);
            return this;
        }

        /** A round video message: a square MP4 of {@code length} px, no file name and no MIME type. */
        public IncomingMessage videoNote(byte[] bytes, int length, int durationSeconds) {
            ObjectNode note = media("video_note", bytes, "note.mp4", null, bytes.length);
            note.remove("file_name");
            note.remove("mime_type");
            note.put("length", length);
            note.put("duration", durationSeconds);
            return this;
        }

        public IncomingMessage document(byte[] bytes, String fileName, String mimeType) {
            media("document", bytes, fileName, mimeType, bytes.length);
            return this;
        }

        /** A document whose message and getFile carry no {@code file_size} (Telegram may omit it); served chunked. */
        public IncomingMessage documentWithoutSize(byte[] bytes, String fileName, String mimeType) {
            media("document", bytes, fileName, mimeType, -1).remove("file_size");
            return this;
        }

        /**
         * Posted as {@code channel} ("send as channel", or a linked channel's post): {@code sender_chat} is the channel
         * and {@code from} is {@link #CHANNEL_BOT}, as on Telegram.
         */
        public IncomingMessage asChannel(TgChat channel) {
            message.set("sender_chat", chatNode(channel));
            message.set("from", user(CHANNEL_BOT));
            return this;
        }

        /** Posted by an admin who remains anonymous: {@code sender_chat} is the group, {@code from} the placeholder. */
        public IncomingMessage asAnonymousAdmin() {
            message.set("sender_chat", chatNode(chat));
            message.set("from", user(GROUP_ANONYMOUS_BOT));
            return this;
        }

        /** A linked channel's post that Telegram forwarded into its discussion group. */
        public IncomingMessage automaticForward() {
            message.put("is_automatic_forward", true);
            return this;
        }

        /** Queues the message as a {@code channel_post} update (a post in a channel: no {@code from}). */
        public int sendAsChannelPost() {
            message.remove("from");
            message.set("sender_chat", chatNode(chat));
            int id = message.get("message_id").asInt();
            messages.put(key(chat.id(), id), message);
            ObjectNode update = JSON.createObjectNode();
            update.set("channel_post", message.deepCopy());
            enqueue(update);
            return id;
        }

        /** Makes this message one item of an album. */
        public IncomingMessage mediaGroup(String mediaGroupId) {
            message.put("media_group_id", mediaGroupId);
            return this;
        }

        /** A reply to message {@code messageId} of this chat (a user's or the bot's), which is embedded. */
        public IncomingMessage replyTo(int messageId) {
            ObjectNode target = messages.get(key(chat.id(), messageId));
            if (target == null) {
                throw new IllegalArgumentException("no message " + messageId + " in chat " + chat.id());
            }
            message.set("reply_to_message", target.deepCopy());
            return this;
        }

        /** Sent in forum topic {@code threadId}. */
        public IncomingMessage topic(int threadId) {
            message.put("message_thread_id", threadId);
            message.put("is_topic_message", true);
            return this;
        }

        /** Queues the update; returns the message id. */
        public int send() {
            int id = message.get("message_id").asInt();
            messages.put(key(chat.id(), id), message);
            ObjectNode update = JSON.createObjectNode();
            update.set("message", message.deepCopy());
            enqueue(update);
            return id;
        }

        private ObjectNode media(String field, byte[] bytes, String fileName, String mimeType, long declaredSize) {
            String fileId = storeFile(bytes, field + "s/" + fileName, declaredSize);
            ObjectNode media = message.putObject(field);
            media.put("file_id", fileId);
            media.put("file_unique_id", "u" + fileId);
            media.put("file_name", fileName);
            media.put("mime_type", mimeType);
            media.put("file_size", declaredSize);
            return media;
        }
    }

    /** Settings for a fake; {@link #start()} binds it on an ephemeral port. */
    public static final class Builder {
        private String token = DEFAULT_TOKEN;
        private long botId = 123456;
        private String botUsername = "SeedanceTestBot";
        private boolean localServer;
        private long maxPollHoldMillis = 500;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder token(String value) {
            this.token = Objects.requireNonNull(value, "token");
            return this;
        }

        public Builder bot(long id, String username) {
            this.botId = id;
            this.botUsername = Objects.requireNonNull(username, "username");
            return this;
        }

        /** Behave like a local Bot API server: uploads up to 2000 MB, downloads without the 20 MB cap. */
        public Builder localServer(boolean value) {
            this.localServer = value;
            return this;
        }

        /** The longest a getUpdates is held when nothing is queued (default 500 ms, so shutdown stays fast). */
        public Builder maxPollHold(long millis) {
            this.maxPollHoldMillis = millis;
            return this;
        }

        /** Source of message dates. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public FakeTelegramBotApi start() {
            return new FakeTelegramBotApi(this);
        }
    }

    /** For log lines in tests: "sendmessage, getFile, …". */
    @Override
    public String toString() {
        return "FakeTelegramBotApi" + calls().stream().map(TelegramCall::method).collect(Collectors.joining(", ",
                "[", "]"));
    }
}
