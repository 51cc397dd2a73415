package fz;

import static dev.jawait.Await.await;
import static dev.jawait.fuzzer.rt.Fx.*;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.fuzzer.rt.*;
import java.util.*;

// fixed processor bug: a private varargs method called with one argument in the array's place, a conditional with an await or a private field's increment: the machine passed it to MethodHandle.invoke as it was, "int cannot be converted to Object" (found by the campaign, seed 20261204 programs 180 and 5259)
public class PrivateVarargsOneArgument {
  static PrivateVarargsOneArgument it;
  private int pi = 4;

  public static Object entry() throws Exception {
    it = new PrivateVarargsOneArgument();
    return it.m(2);
  }

  @Async
  private Future<Integer> va(int d, int... xs) throws FxChecked {
    int s = 0;
    for (int x : xs) {
      s = s * 10 + x;
    }
    return Future.ready(await(v("a", s + xs.length * 1000)));
  }

  @Async
  Future<String> m(int d) throws FxChecked {
    int a = await(va(d - 1, d > 0 ? await(v("b", 7)) : -2));
    int b = await(va(d - 1, it.pi++));
    int c = await(va(d - 1, new int[] {1, 2, 3}));
    int e = await(va(d - 1));
    return Future.ready(a + " " + b + " " + c + " " + e + " " + it.pi);
  }
}
