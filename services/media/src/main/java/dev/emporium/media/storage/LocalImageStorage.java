package dev.emporium.media.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The image storage on the local file system: a key is a path under the root directory. Writes go to a temporary
 * file in the target's directory, are forced to disk and then renamed over the target, so a reader (or a crash) sees
 * the old file or the new one, never half of one. Temporary names start with a dot, which no key can, so they never
 * collide with an object.
 *
 * <p>Caveat: one root serves one machine. Several instances of the service need the same root on a shared volume,
 * or another adapter (see the package documentation).
 */
class LocalImageStorage implements ImageStorage {

    private final Path root;

    LocalImageStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        Path target = resolve(key);
        Path temporary = null;
        try {
            Files.createDirectories(target.getParent());
            temporary = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not store " + key, ex);
        }
        finally {
            if (temporary != null) {
                deleteQuietly(temporary);
            }
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(Files.readAllBytes(resolve(key)));
        }
        catch (NoSuchFileException ex) {
            return Optional.empty();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read " + key, ex);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(resolve(key));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not delete " + key, ex);
        }
    }

    /** The file of a valid key; the containment check guards against a grammar that ever lets too much through. */
    private Path resolve(String key) {
        Path path = this.root.resolve(StorageKey.requireValid(key)).normalize();
        if (!path.startsWith(this.root) || path.equals(this.root)) {
            throw new IllegalArgumentException("not a storage key: it leaves the storage root");
        }
        return path;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        }
        catch (IOException ex) {
            // The original failure is the one worth reporting; a stray temporary file is harmless.
        }
    }

    @Override
    public String toString() {
        return "local image storage at " + this.root;
    }
}
