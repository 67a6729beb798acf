package dev.seedancebot.core.request;

/** The role of one media input, as Seedance's {@code content[].role} names it. */
public enum MediaRole {
    FIRST_FRAME("first_frame", MediaKind.IMAGE),
    LAST_FRAME("last_frame", MediaKind.IMAGE),
    REFERENCE_IMAGE("reference_image", MediaKind.IMAGE),
    REFERENCE_VIDEO("reference_video", MediaKind.VIDEO),
    REFERENCE_AUDIO("reference_audio", MediaKind.AUDIO);

    private final String wireName;
    private final MediaKind kind;

    MediaRole(String wireName, MediaKind kind) {
        this.wireName = wireName;
        this.kind = kind;
    }

    public String wireName() {
        return wireName;
    }

    public MediaKind kind() {
        return kind;
    }

    /** First and last frame images; these may never be combined with reference roles. */
    public boolean isFrame() {
        return this == FIRST_FRAME || this == LAST_FRAME;
    }
}
