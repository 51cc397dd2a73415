package fz;

import static dev.jawait.Await.await;
import static dev.jawait.fuzzer.rt.Fx.*;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.fuzzer.rt.*;
import java.util.*;

// fixed processor bug: a conditional the processor cannot classify (a pattern binding's method in one branch, an await in it), as an argument of a call on 'this.': the processor did not type 'this', so it could not see the int parameter, and rejected the program with "converts its branches one by one"
public class ConditionalArgOfThisCall {
  static ConditionalArgOfThisCall it;
  Object fo = 3;

  public static Object entry() throws Exception {
    it = new ConditionalArgOfThisCall();
    return it.m0(1, 2);
  }

  @Async
  Future<Long> m0(int d, int p) throws FxChecked {
    long x = await(this.m1(d - 1, ((d < d) ? (fo instanceof Number b ? (b.intValue() + await(v("a", (-2)))) : p) : 4)));
    long y = this.plain(((d > 0) ? (fo instanceof Number c ? (c.intValue() + await(v("b", 5))) : p) : 4), d);
    return Future.ready(x * 100 + y);
  }

  @Async
  Future<Long> m1(int d, int p) throws FxChecked {
    return Future.ready((long) p + await(v("c", d)));
  }

  long plain(int a, int d) {
    return a * 10L + d;
  }
}
