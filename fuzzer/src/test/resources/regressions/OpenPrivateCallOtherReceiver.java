package fz;

import static dev.jawait.Await.await;
import static dev.jawait.fuzzer.rt.Fx.*;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.fuzzer.rt.*;
import java.util.*;

// fixed processor bug: a private instance @Async method called on a receiver other than this (it.h, or a local): the machine calls it directly, "h(int) has private access"
public class OpenPrivateCallOtherReceiver {
  static OpenPrivateCallOtherReceiver it;

  public static Object entry() throws Exception {
    it = new OpenPrivateCallOtherReceiver();
    return m(2);
  }

  @Async
  private Future<Integer> h(int d) throws FxChecked {
    return Future.ready(await(v("a", d)));
  }

  @Async
  static Future<Integer> m(int d) throws FxChecked {
    int x = await(v("b", 1));
    return Future.ready(x + await(it.h(d)));
  }
}
