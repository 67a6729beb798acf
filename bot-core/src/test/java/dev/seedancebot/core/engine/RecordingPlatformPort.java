package dev.seedancebot.core.engine;

import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.platform.PlatformException;
import dev.seedancebot.core.platform.PlatformPort;
import dev.seedancebot.core.task.TaskView;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A platform that records what the engine asks of it; it can be told to fail or to stall deliveries. */
public final class RecordingPlatformPort implements PlatformPort {
    public record Delivered(String taskId, Delivery delivery, String messageId) {}

    public record Noticed(String taskId, Notice notice) {}

    private final List<Delivered> deliveries = new CopyOnWriteArrayList<>();
    private final List<Noticed> notices = new CopyOnWriteArrayList<>();
    private final List<String> directMessages = new CopyOnWriteArrayList<>();
    private final Map<String, List<Integer>> progress = new ConcurrentHashMap<>();
    private final AtomicInteger messageIds = new AtomicInteger();
    private volatile long uploadLimit = 10L * 1024 * 1024;
    private volatile int failuresLeft;
    private volatile boolean permanentFailure;
    private volatile Consumer<TaskView> beforeDeliver = t -> {};
    private volatile Consumer<TaskView> beforeNotify = t -> {};
    private final Platform platform;

    public RecordingPlatformPort() {
        this(Platform.CONSOLE);
    }

    /** A port standing in for {@code platform}, whose users are not operators by sitting at the terminal. */
    public RecordingPlatformPort(Platform platform) {
        this.platform = platform;
    }

    @Override
    public Platform platform() {
        return platform;
    }

    @Override
    public String showProgress(TaskView task) {
        progress.computeIfAbsent(task.id(), k -> new CopyOnWriteArrayList<>()).add(task.progressPercent());
        return "progress-" + task.id();
    }

    @Override
    public long uploadLimitBytes(TaskView task) {
        return uploadLimit;
    }

    @Override
    public String deliver(TaskView task, Delivery delivery) {
        beforeDeliver.accept(task);
        if (permanentFailure) {
            throw new PlatformException("Missing Permissions", true);
        }
        if (failuresLeft > 0) {
            failuresLeft--;
            throw new PlatformException("temporary failure", false);
        }
        String id = "m" + messageIds.incrementAndGet();
        deliveries.add(new Delivered(task.id(), delivery, id));
        return id;
    }

    @Override
    public void notify(TaskView task, Notice notice) {
        beforeNotify.accept(task);
        notices.add(new Noticed(task.id(), notice));
    }

    /** Records a private message as "userId: text". */
    @Override
    public void directMessage(String userId, String text) {
        directMessages.add(userId + ": " + text);
    }

    public List<String> directMessages() {
        return List.copyOf(directMessages);
    }

    public List<Delivered> deliveries() {
        return deliveries;
    }

    public List<Delivered> deliveriesOf(String taskId) {
        return deliveries.stream().filter(d -> d.taskId().equals(taskId)).toList();
    }

    public List<Noticed> notices() {
        return notices;
    }

    public List<Noticed> noticesOf(String taskId) {
        return notices.stream().filter(n -> n.taskId().equals(taskId)).toList();
    }

    public List<Integer> progressOf(String taskId) {
        return progress.getOrDefault(taskId, List.of());
    }

    public void uploadLimit(long bytes) {
        uploadLimit = bytes;
    }

    public void failNextDeliveries(int count) {
        failuresLeft = count;
    }

    public void failDeliveriesPermanently() {
        permanentFailure = true;
    }

    public void beforeDeliver(Consumer<TaskView> hook) {
        beforeDeliver = hook;
    }

    public void beforeNotify(Consumer<TaskView> hook) {
        beforeNotify = hook;
    }
}
