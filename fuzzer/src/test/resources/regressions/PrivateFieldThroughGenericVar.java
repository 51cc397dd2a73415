package fz;

import static dev.jawait.Await.await;
import static dev.jawait.fuzzer.rt.Fx.*;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.fuzzer.rt.*;
import java.util.*;

// fixed processor bug: a private field read through a var local whose initializer is a generic call (var o = oo(tag, it); o.pi): the machine could not tell the local's class and copied the read as it is, "pi has private access" (found by the campaign, seed 20261203 program 125)
public class PrivateFieldThroughGenericVar {
  static PrivateFieldThroughGenericVar it;
  static int sf;
  private int pi = 4;

  public static Object entry() throws Exception {
    it = new PrivateFieldThroughGenericVar();
    sf = 0;
    return m(2);
  }

  @Async
  static Future<Integer> m(int d) throws FxChecked {
    await(v("a", 1));
    {
      var o = oo("o", it);
      sf += o.pi;
    }
    return Future.ready(sf);
  }
}
