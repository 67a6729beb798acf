package dev.seedancebot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Checks that a file is an ISO media file (MP4): its first box is {@code ftyp}. */
final class Mp4 {
    private Mp4() {}

    static void assertIsMp4(Path file) {
        assertThat(file).isRegularFile();
        try {
            byte[] bytes = Files.readAllBytes(file);
            assertThat(bytes.length).isGreaterThan(1024);
            assertThat(new String(Arrays.copyOfRange(bytes, 4, 8), StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
