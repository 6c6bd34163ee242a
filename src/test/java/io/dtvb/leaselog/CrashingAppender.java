package io.dtvb.leaselog;

import java.nio.file.Path;

/**
 * Child process of {@link FileLogStoreCrashTest}: appends until killed, printing each committed
 * size. With {@code concurrent} as second argument, eight threads append lease events through
 * {@link LeaseLog} (so their appends share flushes) and each prints the index it was acknowledged.
 */
public final class CrashingAppender {
  private CrashingAppender() {}

  public static void main(String[] args) throws Exception {
    FileLogStore store = FileLogStore.open(Path.of(args[0]));
    System.out.println("open " + store.head().size());
    System.out.flush();
    if (args.length > 1 && args[1].equals("concurrent")) {
      LeaseLog log = new LeaseLog(store, LogKey.generate("crash"), "crash");
      for (int t = 0; t < 8; t++) {
        int thread = t;
        new Thread(() -> appendForever(log, thread)).start();
      }
      return;
    }
    while (true) {
      LogStore.Head head = store.append(FileLogStoreTest::entry);
      System.out.println("appended " + head.size());
      System.out.flush();
    }
  }

  private static void appendForever(LeaseLog log, int thread) {
    try {
      for (int i = 0; ; i++) {
        long index = log.append(Events.sample(thread * 1000 + i % 1000));
        synchronized (System.out) {
          System.out.println("acknowledged " + index);
          System.out.flush();
        }
      }
    } catch (LogStoreException e) {
      e.printStackTrace();
      System.exit(1);
    }
  }
}
