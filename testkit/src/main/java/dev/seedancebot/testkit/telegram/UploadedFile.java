package dev.seedancebot.testkit.telegram;

/** A file part of a multipart call, under the field it was meant for ({@code attach://} references resolved). */
public record UploadedFile(String field, String fileName, String contentType, byte[] bytes) {
    public UploadedFile {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }
}
