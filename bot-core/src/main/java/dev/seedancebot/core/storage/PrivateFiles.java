package dev.seedancebot.core.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates the bot's data folders and files readable by its own user only ({@code rwx------} and {@code rw-------}):
 * task inputs and results are users' uploads and videos, and the database holds who made what. The permissions are
 * given at creation, not afterwards, so there is no moment at which another local user could open a file. On file
 * systems without POSIX permissions (Windows, some mounts) files are created as usual.
 *
 * <p>A file only a folder's owner can enter is private whatever its own mode, so files made by code that does not
 * come through here (H2's own database files, a download's temp file) are private once their folder was made here.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /**
     * Creates {@code dir} and its missing parents as owner-only folders; folders that exist are left as they are
     * (see {@link #restrict}). Safe when another thread or process creates the same folder at the same moment.
     */
    public static Path createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return dir;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            if (posix(absolute)) {
                Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(FOLDER));
            } else {
                Files.createDirectory(absolute);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw e;
            }
        }
        return dir;
    }

    /** Copies {@code source} to {@code target} (replacing it) as an owner-only file. */
    public static void copy(Path source, Path target) throws IOException {
        Files.deleteIfExists(target);
        createFile(target);
        try (OutputStream out = Files.newOutputStream(target)) {
            Files.copy(source, out);
        }
    }

    /** Writes {@code text} to {@code file} (replacing it) as an owner-only file. */
    public static void writeString(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        createFile(file);
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /**
     * Makes an existing folder or file of the bot's owner-only, for data made before the bot did so itself (an
     * upgrade) or by something else (a service manager, an admin's {@code mkdir}). Does nothing where the file
     * system has no POSIX permissions.
     */
    public static void restrict(Path path) throws IOException {
        if (posix(path)) {
            Files.setPosixFilePermissions(path, Files.isDirectory(path) ? FOLDER : FILE);
        }
    }

    private static void createFile(Path file) throws IOException {
        if (posix(file)) {
            FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(FILE);
            Files.createFile(file, mode);
        } else {
            Files.createFile(file);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
