package dev.seedancebot.bench;

import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.platform.PlatformPort;
import dev.seedancebot.core.task.TaskView;
import java.util.concurrent.atomic.AtomicInteger;

/** A console platform that only counts what the engine sends it, so it adds no memory per task. */
public final class CountingPlatformPort implements PlatformPort {
    private final AtomicInteger deliveries = new AtomicInteger();
    private final AtomicInteger notices = new AtomicInteger();

    @Override
    public Platform platform() {
        return Platform.CONSOLE;
    }

    @Override
    public String showProgress(TaskView task) {
        return null;
    }

    @Override
    public long uploadLimitBytes(TaskView task) {
        return 0;
    }

    @Override
    public String deliver(TaskView task, Delivery delivery) {
        return "m" + deliveries.incrementAndGet();
    }

    @Override
    public void notify(TaskView task, Notice notice) {
        notices.incrementAndGet();
    }

    public int deliveries() {
        return deliveries.get();
    }

    int notices() {
        return notices.get();
    }
}
