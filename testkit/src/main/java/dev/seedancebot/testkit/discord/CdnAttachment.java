package dev.seedancebot.testkit.discord;

/**
 * A file the fake serves on its CDN route, as Discord describes it in an interaction's {@code resolved.attachments}.
 * {@code declaredSize} and {@code contentType} are what the interaction claims; they may differ from the bytes
 * served, to test that a bot checks the claim before downloading and the bytes after.
 */
public record CdnAttachment(String id, String filename, String contentType, long declaredSize, String url) {

    /** The same file, claiming another size. */
    public CdnAttachment withDeclaredSize(long size) {
        return new CdnAttachment(id, filename, contentType, size, url);
    }

    /** The same file, claiming another content type (or none, with {@code null}). */
    public CdnAttachment withContentType(String type) {
        return new CdnAttachment(id, filename, type, declaredSize, url);
    }
}
