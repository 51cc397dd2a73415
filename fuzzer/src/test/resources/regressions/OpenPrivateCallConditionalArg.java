package fz;

import static dev.jawait.Await.await;
import static dev.jawait.fuzzer.rt.Fx.*;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.fuzzer.rt.*;
import java.util.*;

// fixed processor bug: a private @Async method (called through a method handle) with a conditional argument that awaits: the machine passes the conditional to MethodHandle.invoke, "int cannot be converted to Object"
public class OpenPrivateCallConditionalArg {
  static OpenPrivateCallConditionalArg it;

  public static Object entry() throws Exception {
    it = new OpenPrivateCallConditionalArg();
    return m(2);
  }

  @Async
  private static Future<Integer> h(int d, int p) throws FxChecked {
    await(v("z", 1));
    return Future.ready(p);
  }

  @Async
  static Future<Integer> m(int d) throws FxChecked {
    return Future.ready(await(h(d, d > 0 ? await(v("a", 1)) : 3)));
  }
}
