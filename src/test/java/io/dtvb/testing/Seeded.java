package io.dtvb.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Seeded case generation for property tests written as JUnit 5 parameterized tests.
 *
 * <p>A property is a {@code @ParameterizedTest} whose {@code @MethodSource} returns
 * {@link #cases(int, Gen[])}: first the combinations of the generators' edge cases (min, max, 0,
 * empty, boundaries), then random values drawn from {@code new Random(SEED)}, with an edge case
 * mixed in now and then. Every run with the same seed makes the same cases in the same order; each
 * case's display name carries the seed, so {@code mvn test -Dtest=Class -Ddvb.seed=N} replays a
 * failure (and another {@code N} tries other cases).
 */
public final class Seeded {
  /** The seed of every property test; {@code -Ddvb.seed=N} (decimal or 0x-hex) replaces it. */
  public static final long SEED = Long.decode(System.getProperty("dvb.seed", "0x5EED2026"));

  /** At most this share of a property's tries goes to combinations of edge cases. */
  private static final int EDGE_SHARE_DIVISOR = 4;
  /** One random value in this many is an edge case instead. */
  private static final int EDGE_MIX_ONE_IN = 20;
  private static final int FILTER_ATTEMPTS = 10_000;
  private static final int SHOWN_CHARS = 48;

  private Seeded() {}

  /** Makes values of one kind from a random source; {@link #edges()} are tried first. */
  @FunctionalInterface
  public interface Gen<T> {
    T next(Random random);

    default List<T> edges() {
      return List.of();
    }

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
      Gen<T> self = this;
      return gen(r -> f.apply(self.next(r)), edges().stream().<R>map(f).toList());
    }

    /** Values that pass {@code keep}: drawing retries until one does. */
    default Gen<T> filter(Predicate<? super T> keep) {
      Gen<T> self = this;
      return gen(r -> {
        for (int i = 0; i < FILTER_ATTEMPTS; i++) {
          T value = self.next(r);
          if (keep.test(value)) {
            return value;
          }
        }
        throw new IllegalStateException("filter kept none of " + FILTER_ATTEMPTS + " values");
      }, edges().stream().filter(keep).toList());
    }

    /** Lists of {@code min..max} values (uniform size); the edge is the shortest list of the first edge. */
    default Gen<List<T>> list(int min, int max) {
      Gen<T> self = this;
      List<List<T>> edges = self.edges().isEmpty() ? List.of()
          : List.of(java.util.Collections.nCopies(min, self.edges().get(0)));
      return gen(r -> {
        int size = min + r.nextInt(max - min + 1);
        List<T> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          out.add(self.next(r));
        }
        return out;
      }, edges);
    }
  }

  /** A generator from a drawing function and its edge cases. */
  public static <T> Gen<T> gen(Gen<T> next, List<T> edges) {
    List<T> fixed = List.copyOf(new LinkedHashSet<>(edges));
    return new Gen<>() {
      @Override
      public T next(Random random) {
        return next.next(random);
      }

      @Override
      public List<T> edges() {
        return fixed;
      }
    };
  }

  /** Longs in {@code [min, max]}; edges min, min+1, -1, 0, 1, max-1, max (those in range). */
  public static Gen<Long> longs(long min, long max) {
    if (min > max) {
      throw new IllegalArgumentException(min + " > " + max);
    }
    List<Long> edges = new ArrayList<>();
    for (long e : new long[] {min, min + 1, -1, 0, 1, max - 1, max}) {
      if (e >= min && e <= max) {
        edges.add(e);
      }
    }
    return gen(r -> {
      long span = max - min + 1; // 0 when the range is every long
      if (span <= 0) {
        long v;
        do {
          v = r.nextLong();
        } while (v < min || v > max);
        return v;
      }
      return min + Math.floorMod(r.nextLong(), span);
    }, edges);
  }

  /** Ints in {@code [min, max]}, with the same edges as {@link #longs}. */
  public static Gen<Integer> ints(int min, int max) {
    return longs(min, max).map(Long::intValue);
  }

  /** Any int, edges {@code MIN_VALUE}, -1, 0, 1, {@code MAX_VALUE} and their neighbours. */
  public static Gen<Integer> ints() {
    return ints(Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /** Doubles in {@code [min, max]}; edges min, 0 (if in range), max. */
  public static Gen<Double> doubles(double min, double max) {
    List<Double> edges = new ArrayList<>(List.of(min));
    if (min < 0 && max > 0) {
      edges.add(0.0);
    }
    edges.add(max);
    return gen(r -> Math.min(max, min + r.nextDouble() * Math.nextUp(max - min)), edges);
  }

  public static Gen<Boolean> booleans() {
    return values(false, true);
  }

  /** One of the values, uniformly; edges the first and the last. */
  @SafeVarargs
  public static <T> Gen<T> values(T... values) {
    return values(Arrays.asList(values));
  }

  /** One of the values, uniformly; edges the first and the last. */
  public static <T> Gen<T> values(List<T> values) {
    List<T> copy = List.copyOf(values);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    return gen(r -> copy.get(r.nextInt(copy.size())), List.of(copy.get(0), copy.get(copy.size() - 1)));
  }

  /** A value from one of the generators, each chosen equally often; the edges of all. */
  @SafeVarargs
  public static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    List<T> edges = new ArrayList<>();
    for (Gen<? extends T> g : gens) {
      edges.addAll(g.edges());
    }
    return gen(r -> gens[r.nextInt(gens.length)].next(r), edges);
  }

  /** One value of each generator, combined; edges every combination of their edges. */
  public static <A, B, R> Gen<R> combine(Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
    List<R> edges = new ArrayList<>();
    for (A x : a.edges()) {
      for (B y : b.edges()) {
        edges.add(f.apply(x, y));
      }
    }
    return gen(r -> {
      A x = a.next(r);
      return f.apply(x, b.next(r));
    }, edges);
  }

  /** The alphabet's (distinct) characters, uniformly; edges its first and last. */
  public static Gen<Character> chars(String alphabet) {
    return values(alphabet.chars().distinct().mapToObj(c -> (char) c).toList());
  }

  /** A-Z and a-z. */
  public static final String ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  /** 0-9. */
  public static final String NUMERIC = "0123456789";

  /**
   * Any character of the Basic Multilingual Plane but lone surrogates: half the time printable
   * ASCII or a control character, so parsers see their own syntax often; edges space, NUL, 'a', {@code \uFFFF}.
   */
  public static Gen<Character> anyChar() {
    return gen(r -> {
      if (r.nextBoolean()) {
        return (char) r.nextInt(0x80);
      }
      char c;
      do {
        c = (char) r.nextInt(0x10000);
      } while (Character.isSurrogate(c));
      return c;
    }, List.of(' ', '\u0000', 'a', '\uffff'));
  }

  /**
   * Strings of {@code min..max} characters (uniform length); edges the shortest strings of the
   * characters' edges and the longest of the first.
   */
  public static Gen<String> strings(Gen<Character> chars, int min, int max) {
    List<String> edges = new ArrayList<>();
    for (char c : chars.edges()) {
      edges.add(String.valueOf(c).repeat(min));
    }
    if (!chars.edges().isEmpty()) {
      edges.add(String.valueOf(chars.edges().get(0)).repeat(max));
    }
    return gen(r -> {
      int length = min + r.nextInt(max - min + 1);
      StringBuilder sb = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        sb.append(chars.next(r));
      }
      return sb.toString();
    }, edges);
  }

  /** Strings of the alphabet's characters. */
  public static Gen<String> strings(String alphabet, int min, int max) {
    return strings(chars(alphabet), min, max);
  }

  /** Any text of up to {@code max} characters (see {@link #anyChar()}). */
  public static Gen<String> strings(int max) {
    return strings(anyChar(), 0, max);
  }

  /**
   * {@code tries} cases for a property of {@code gens.length} parameters: edge-case combinations
   * first (all first edges, all last edges, then others, up to a quarter of the tries), then
   * random ones. Each is a JUnit argument set named after the seed and its values.
   */
  public static Stream<Arguments> cases(int tries, Gen<?>... gens) {
    Random random = new Random(SEED);
    List<Object[]> rows = new ArrayList<>();
    LinkedHashSet<List<Object>> edgeRows = new LinkedHashSet<>();
    long combinations = 1;
    for (Gen<?> g : gens) {
      combinations = g.edges().isEmpty() ? 0 : Math.min(Long.MAX_VALUE / 1024, combinations * g.edges().size());
    }
    int edgeBudget = (int) Math.min(combinations, Math.max(1, tries / EDGE_SHARE_DIVISOR));
    if (combinations > 0) {
      edgeRows.add(Arrays.stream(gens).map(g -> (Object) g.edges().get(0)).toList());
      edgeRows.add(Arrays.stream(gens).map(g -> (Object) g.edges().get(g.edges().size() - 1)).toList());
      if (combinations <= edgeBudget) {
        edgeRows.addAll(product(gens));
      }
      for (int guard = 0; edgeRows.size() < edgeBudget && guard < edgeBudget * 20; guard++) {
        edgeRows.add(Arrays.stream(gens).map(g -> (Object) g.edges().get(random.nextInt(g.edges().size()))).toList());
      }
    }
    edgeRows.stream().limit(Math.min(edgeBudget, tries)).forEach(row -> rows.add(row.toArray()));
    while (rows.size() < tries) {
      Object[] row = new Object[gens.length];
      for (int i = 0; i < gens.length; i++) {
        List<?> edges = gens[i].edges();
        boolean edge = !edges.isEmpty() && random.nextInt(EDGE_MIX_ONE_IN) == 0;
        row[i] = edge ? edges.get(random.nextInt(edges.size())) : gens[i].next(random);
      }
      rows.add(row);
    }
    return IntStream.range(0, rows.size()).mapToObj(i -> Arguments.argumentSet(name(rows.get(i)), rows.get(i)));
  }

  /** One case per value, in order: for a finite set small enough to try whole. */
  public static Stream<Arguments> each(Collection<?> values) {
    return values.stream().map(v -> Arguments.argumentSet("exhaustive: " + show(v), v));
  }

  private static List<List<Object>> product(Gen<?>[] gens) {
    List<List<Object>> out = new ArrayList<>();
    out.add(List.of());
    for (Gen<?> g : gens) {
      List<List<Object>> next = new ArrayList<>();
      for (List<Object> prefix : out) {
        for (Object e : g.edges()) {
          List<Object> row = new ArrayList<>(prefix);
          row.add(e);
          next.add(row);
        }
      }
      out = next;
    }
    return out;
  }

  private static String name(Object[] row) {
    return "seed " + SEED + ": " + Arrays.stream(row).map(Seeded::show).collect(Collectors.joining(", "));
  }

  /** A value for a display name: strings and chars quoted and escaped to ASCII, long ones cut. */
  static String show(Object v) {
    if (v instanceof String s) {
      String cut = s.length() > SHOWN_CHARS ? s.substring(0, SHOWN_CHARS) + "…(" + s.length() + " chars)" : s;
      return "\"" + escape(cut) + "\"";
    }
    if (v instanceof Character c) {
      return "'" + escape(String.valueOf(c)) + "'";
    }
    if (v instanceof List<?> l) {
      return l.stream().map(Seeded::show).collect(Collectors.joining(", ", "[", "]"));
    }
    String s = escape(String.valueOf(v));
    return s.length() > SHOWN_CHARS * 2 ? s.substring(0, SHOWN_CHARS * 2) + "…" : s;
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '…' || (c >= 0x20 && c < 0x7f && c != '\\' && c != '"')) {
        sb.append(c);
      } else if (c == '\\' || c == '"') {
        sb.append('\\').append(c);
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }
}
