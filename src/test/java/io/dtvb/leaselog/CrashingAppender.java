package io.dtvb.leaselog;

import java.nio.file.Path;

/** Child process of {@link FileLogStoreCrashTest}: appends until killed, printing each committed size. */
public final class CrashingAppender {
  private CrashingAppender() {}

  public static void main(String[] args) throws Exception {
    FileLogStore store = FileLogStore.open(Path.of(args[0]));
    System.out.println("open " + store.head().size());
    System.out.flush();
    while (true) {
      LogStore.Head head = store.append(FileLogStoreTest::entry);
      System.out.println("appended " + head.size());
      System.out.flush();
    }
  }
}
