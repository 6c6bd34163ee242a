package io.dtvb.leaselog;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link FileLogStoreTest}: appends chained entries to the file log until it
 * is killed, printing the size after every append. Bounded so it always ends by itself.
 */
public final class FileLogStoreCrashChild {
  private FileLogStoreCrashChild() {}

  public static void main(String[] args) throws Exception {
    try (FileLogStore store = FileLogStore.open(Path.of(args[0]))) {
      for (int i = 0; i < 200_000; i++) {
        LogStore.Head head = store.append(LogStoreContract::entry);
        System.out.println("appended " + head.size());
        System.out.flush();
      }
    }
  }
}
