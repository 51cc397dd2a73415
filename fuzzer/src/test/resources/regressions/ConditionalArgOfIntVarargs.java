package fz;

import static dev.jawait.Await.await;
import static dev.jawait.fuzzer.rt.Fx.*;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.fuzzer.rt.*;
import java.util.*;

// fixed processor bug: a conditional the processor cannot classify (a pattern binding's method in one branch, an await in it) as the one variable argument of an int... method: the processor took the int[] parameter for a possible reference target beside int, and rejected the program with "converts its branches one by one"
public class ConditionalArgOfIntVarargs {
  static ConditionalArgOfIntVarargs it;
  Object fo = 3;

  public static Object entry() throws Exception {
    it = new ConditionalArgOfIntVarargs();
    return m1(2);
  }

  @Async
  static Future<Integer> m1(int d) throws FxChecked {
    int r = 0;
    if (d > 0) {
      r = await(va0(d - 1, (it.fo instanceof Number b ? (b.intValue() + await(v("a", 3))) : 0)));
    }
    return Future.ready(r);
  }

  @Async
  static Future<Integer> va0(int d, int... xs) throws FxChecked {
    return Future.ready(await(v("b", d)) * 100 + xs.length * 10 + xs[0]);
  }
}
