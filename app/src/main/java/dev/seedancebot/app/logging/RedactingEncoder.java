package dev.seedancebot.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;

/**
 * Wraps any encoder (the text pattern or logback's JSON encoder) and masks secrets in everything it writes: the
 * message, its arguments, MDC values and stack traces alike, because the finished line is what gets masked. The
 * {@link SecretMasker} is shared through the logger context ({@link LogSetup#masker}), so secrets registered after
 * startup apply at once.
 */
public final class RedactingEncoder extends EncoderBase<ILoggingEvent> {
    private Encoder<ILoggingEvent> delegate;

    /** Set by logback from the nested {@code <delegate class="...">} element, or by {@link LogSetup}. */
    public void setDelegate(Encoder<ILoggingEvent> delegate) {
        this.delegate = delegate;
    }

    @Override
    public void start() {
        if (delegate == null) {
            addError("RedactingEncoder needs a <delegate> encoder");
            return;
        }
        if (!delegate.isStarted()) {
            delegate.start();
        }
        super.start();
    }

    @Override
    public byte[] headerBytes() {
        return mask(delegate.headerBytes());
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return mask(delegate.encode(event));
    }

    @Override
    public byte[] footerBytes() {
        return mask(delegate.footerBytes());
    }

    private byte[] mask(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return bytes;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        return LogSetup.masker(getContext()).mask(text).getBytes(StandardCharsets.UTF_8);
    }
}
