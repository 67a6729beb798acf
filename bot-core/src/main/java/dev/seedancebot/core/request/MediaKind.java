package dev.seedancebot.core.request;

/** The three kinds of media Seedance takes; the create call lists them in this order (text first). */
public enum MediaKind {
    IMAGE("image"),
    VIDEO("video"),
    AUDIO("audio");

    private final String tag;

    MediaKind(String tag) {
        this.tag = tag;
    }

    /** The prefix of prompt tags for this kind: {@code @image1}, {@code @video1}, {@code @audio1}. */
    public String tag() {
        return tag;
    }
}
