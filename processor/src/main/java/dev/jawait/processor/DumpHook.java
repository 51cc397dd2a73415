package dev.jawait.processor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;

/** TEMPORARY (split refactoring): dumps every generated machine to $JAWAIT_DUMP_DIR, named by content hash. */
final class DumpHook {
    private DumpHook() {}

    static void dump(String name, String text) {
        String dir = System.getenv("JAWAIT_DUMP_DIR");
        if (dir == null) {
            return;
        }
        try {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            StringBuilder h = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                h.append(String.format("%02x", d[i]));
            }
            Path out = Paths.get(dir, name + "-" + h + ".java");
            Files.createDirectories(out.getParent());
            Path tmp = Files.createTempFile(out.getParent(), "tmp", ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
