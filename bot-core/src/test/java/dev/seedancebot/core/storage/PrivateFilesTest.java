package dev.seedancebot.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    }

    @Test
    void createDirectories_missingParents_allOwnerOnly() throws IOException {
        PrivateFiles.createDirectories(dir.resolve("data/tasks/t1"));

        assertThat(mode(dir.resolve("data"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("data/tasks"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("data/tasks/t1"))).isEqualTo("rwx------");
    }

    @Test
    void createDirectories_existingFolder_leftAsItIs() throws IOException {
        Path open = Files.createDirectories(dir.resolve("chosen"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-x---"));

        PrivateFiles.createDirectories(open.resolve("db"));

        assertThat(mode(open)).isEqualTo("rwxr-x---");
        assertThat(mode(open.resolve("db"))).isEqualTo("rwx------");
    }

    @Test
    void copyAndWriteString_replacingWorldReadableFile_ownerOnly() throws IOException {
        Path source = Files.writeString(dir.resolve("upload.png"), "png");
        Path target = Files.writeString(dir.resolve("input-1-image"), "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));

        PrivateFiles.copy(source, target);
        PrivateFiles.writeString(dir.resolve("marker"), "in use");

        assertThat(target).hasContent("png");
        assertThat(mode(target)).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("marker"))).isEqualTo("rw-------");
    }

    @Test
    void open_newH2File_databaseFolderOwnerOnly() throws IOException {
        Path db = dir.resolve("data/db");

        try (Database database = Database.open(Database.h2FileUrl(db), "sa", "")) {
            assertThat(mode(db)).isEqualTo("rwx------");
            assertThat(mode(dir.resolve("data"))).isEqualTo("rwx------");
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
