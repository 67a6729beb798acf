package dev.seedancebot.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Small real media files for tests and the demo, made with ffmpeg (see {@code media/MEDIA.md}). Names say what the
 * file is: {@code video-3s-640x640.mp4} is a 3-second 640×640 H.264 MP4.
 */
public final class TestMedia {
    public static final String IMAGE_PNG = "image-640x480.png";
    public static final String IMAGE_JPG = "image-1024x1024.jpg";
    public static final String IMAGE_WEBP = "image-800x600.webp";
    public static final String IMAGE_GIF = "image-400x400.gif";
    public static final String IMAGE_TOO_SMALL = "image-200x200.png";
    public static final String IMAGE_TOO_WIDE = "image-3000x500.png";
    public static final String VIDEO_3S = "video-3s-640x640.mp4";
    public static final String VIDEO_5S_MOV = "video-5s-1280x720.mov";
    public static final String VIDEO_8S = "video-8s-640x640.mp4";
    public static final String VIDEO_16S = "video-16s-640x640.mp4";
    public static final String VIDEO_TOO_FEW_PIXELS = "video-3s-320x240.mp4";
    public static final String AUDIO_WAV_3S = "audio-3s.wav";
    public static final String AUDIO_WAV_1S = "audio-1s.wav";
    public static final String AUDIO_MP3_3S = "audio-3s.mp3";
    public static final String AUDIO_MP3_6S = "audio-6s.mp3";
    public static final String AUDIO_MP3_17S = "audio-17s.mp3";
    /** The clip the fake Seedance server serves as every generated video: 5 s, 640×640, with an AAC track. */
    public static final String RESULT_MP4 = "result-5s-640x640.mp4";

    private TestMedia() {}

    public static byte[] bytes(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the named file into {@code dir} under the same name and returns its path. */
    public static Path copyTo(Path dir, String name) {
        return copyTo(dir, name, name);
    }

    /** Copies the named file into {@code dir} as {@code targetName} (e.g. to give a video a lying ".png" name). */
    public static Path copyTo(Path dir, String name, String targetName) {
        Path target = dir.resolve(targetName);
        try (InputStream in = open(name)) {
            Files.createDirectories(dir);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = TestMedia.class.getResourceAsStream("media/" + name);
        if (in == null) {
            throw new IllegalArgumentException("no test media named " + name);
        }
        return in;
    }
}
