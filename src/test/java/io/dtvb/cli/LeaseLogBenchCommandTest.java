package io.dtvb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The bench runs end to end on a small log and prints each of its figures (their values are not judged here). */
class LeaseLogBenchCommandTest {

  @Test
  void aSmallRunPrintsEveryFigure() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute("lease-log", "bench", "--entries", "100", "--appenders", "4", "--large", "300", "--proofs", "10");
    String text = out.toString();
    assertEquals(0, code, text + err);
    for (String figure : new String[] {"file      appenders=1 ", "file      appenders=4 ", "ratios: file 4/1",
        "large log of 300 entries", "verify of the 300-entry export", "per 1M entries", "proofs at 300 entries"}) {
      assertTrue(text.contains(figure), figure + " missing from:\n" + text);
    }
  }

  @Test
  void tooSmallARunIsRefused() {
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main()).setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
        .execute("lease-log", "bench", "--entries", "10");
    assertEquals(2, code);
    assertTrue(err.toString().contains("--entries >= 100"), err.toString());
  }
}
