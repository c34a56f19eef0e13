package org.dial4j.internal.dnsconf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What glibc compares to see that a file changed (io/file_change_detection.c): size, inode,
 * modification and status-change times. Every empty file is the same version, and a directory
 * counts as empty; anything else that is not a regular file (a FIFO, a device) never matches, so it
 * is read each time. glibc counts a missing file as empty too; here it is a version of its own
 * ({@link #ABSENT}), so that a hosts file created empty is read (it answers NOTFOUND where a
 * missing one is UNAVAIL).
 *
 * @param size the size; 0 for empty, missing or a directory; -1 for a file never to be trusted
 * @param inode the inode ({@code unix:ino}), 0 where the platform has no Unix view, -1 for a
 *     missing file
 * @param mtime the modification time
 * @param ctime the status-change time ({@code unix:ctime}), or null without the Unix view
 */
record FileStamp(long size, long inode, @Nullable FileTime mtime, @Nullable FileTime ctime) {
  static final FileStamp EMPTY = new FileStamp(0, 0, null, null);
  static final FileStamp ABSENT = new FileStamp(0, -1, null, null);
  static final FileStamp NEVER = new FileStamp(-1, 0, null, null);

  /**
   * The stamp of a file now, following symbolic links as {@code stat(2)} does (resolv.conf is often
   * a link into /run); a file glibc cannot stat for a reason of the file system's contents
   * (missing, a directory on the path not searchable) is {@link #ABSENT}.
   *
   * @throws IOException for any other failure
   */
  static FileStamp of(Path path) throws IOException {
    try {
      Map<String, Object> a;
      try {
        a =
            Files.readAttributes(
                path, "unix:size,ino,lastModifiedTime,ctime,isRegularFile,isDirectory");
      } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
        a = Files.readAttributes(path, "basic:size,lastModifiedTime,isRegularFile,isDirectory");
      }
      if (Boolean.TRUE.equals(a.get("isDirectory"))) {
        return EMPTY;
      }
      if (!Boolean.TRUE.equals(a.get("isRegularFile"))) {
        return NEVER;
      }
      long size = (Long) Objects.requireNonNull(a.get("size"), "size");
      if (size == 0) {
        return EMPTY;
      }
      Object ino = a.get("ino");
      return new FileStamp(
          size,
          ino instanceof Long l ? l : 0,
          (FileTime) a.get("lastModifiedTime"),
          (FileTime) a.get("ctime"));
    } catch (IOException e) {
      if (ConfFile.noFile(e)) {
        return ABSENT;
      }
      throw e;
    }
  }

  /** glibc's {@code __file_is_unchanged}: the same version of the same file. */
  boolean sameAs(FileStamp other) {
    if (size < 0 || other.size < 0) {
      return false;
    }
    return equals(other);
  }
}
