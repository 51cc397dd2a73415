package fz;

import static dev.jawait.Await.await;
import static dev.jawait.fuzzer.rt.Fx.*;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.fuzzer.rt.*;
import java.util.*;

// fixed processor bug: a conditional the processor cannot classify (a pattern binding's method in one branch, an await in it), as an argument of a constructor: the processor did not look at the constructors' parameters, and rejected the program with "converts its branches one by one"
public class ConditionalArgOfConstructor {
  static ConditionalArgOfConstructor it;
  static Object fo = 3;

  public static Object entry() throws Exception {
    it = new ConditionalArgOfConstructor();
    return m(2, 5);
  }

  @Async
  static Future<String> m(int p, int d) throws FxChecked {
    int[] x = {new Box((fo instanceof Number b ? (b.intValue() + await(v("a", p))) : d), await(v("b", "s1"), FxChecked.class)).f, p};
    Object o = "not a number";
    Box y = new Box((o instanceof Number c ? c.intValue() : d + await(v("c", 1))), "s2");
    return Future.ready(x[0] + "/" + x[1] + "/" + y.f + y.s);
  }
}
