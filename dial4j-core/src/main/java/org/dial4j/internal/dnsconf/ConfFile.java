package org.dial4j.internal.dnsconf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.jspecify.annotations.Nullable;

/**
 * Reads a configuration file as glibc opens one: the errors that come from the file system's
 * contents ({@code ENOENT}, {@code EACCES}, {@code EPERM}, {@code ENOTDIR}, {@code ELOOP}) mean "no
 * file", and the reader goes on with its defaults ({@code __resolv_conf_load} in res_init.c, {@code
 * nss_database_reload} in nss_database.c); any other error fails the read. A directory opens but
 * fails to read ({@code EISDIR} from {@code read(2)}), so it fails too.
 */
final class ConfFile {
  /** The errors glibc ignores; {@code EISDIR} is in its list only for {@code fopen}'s sake. */
  private static final Set<Errno> NO_FILE =
      Set.of(Errno.ENOENT, Errno.EACCES, Errno.EPERM, Errno.ENOTDIR, Errno.ELOOP);

  private ConfFile() {}

  /**
   * The file's text (UTF-8; a byte that is not UTF-8 reads as U+FFFD, which matches nothing a
   * caller can ask for), or null where glibc reads no file.
   *
   * @throws IOException a {@link NetError} of operation {@code resolve}, for any other failure
   */
  static @Nullable String read(Path path) throws IOException {
    try {
      return new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      if (noFile(e)) {
        return null;
      }
      IOException failure =
          NetError.of(errnoOf(e), Operation.RESOLVE, "reading " + path + ": " + e.getMessage());
      failure.initCause(e);
      throw failure;
    }
  }

  /** Whether a failure means "no file" to glibc. */
  static boolean noFile(IOException e) {
    return NO_FILE.contains(errnoOf(e));
  }

  /**
   * The errno behind a JDK file error: the JDK names ENOENT and EACCES/EPERM by class, and writes
   * the others as their {@code strerror} text (ELOOP with more words after it, EISDIR from a read
   * as the message of a plain {@link IOException}); the longest text that fits wins; EIO when none.
   */
  static Errno errnoOf(IOException e) {
    if (e instanceof NoSuchFileException) {
      return Errno.ENOENT;
    }
    if (e instanceof AccessDeniedException) {
      return Errno.EACCES;
    }
    String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
    Errno best = Errno.EIO;
    int bestLength = 0;
    if (reason != null) {
      for (Errno errno : Errno.values()) {
        String text = errno.message();
        if (text.length() > bestLength && reason.startsWith(text)) {
          best = errno;
          bestLength = text.length();
        }
      }
    }
    return best;
  }
}
