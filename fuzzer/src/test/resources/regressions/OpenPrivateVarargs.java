package fz;

import static dev.jawait.Await.await;
import static dev.jawait.fuzzer.rt.Fx.*;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.fuzzer.rt.*;
import java.util.*;

// fixed processor bug: a private varargs @Async method awaited after an await: "jawait: no method matches this call"
public class OpenPrivateVarargs {
  static OpenPrivateVarargs it;

  public static Object entry() throws Exception {
    it = new OpenPrivateVarargs();
    return it.m(2);
  }

  @Async
  private Future<Integer> va(int d, int... xs) throws FxChecked {
    return Future.ready(await(v("a", xs.length)));
  }

  @Async
  Future<Integer> m(int d) throws FxChecked {
    await(v("b", 1));
    return Future.ready(await(va(d - 1, 1, 2)));
  }
}
