package fz;

import static dev.jawait.Await.await;
import static dev.jawait.fuzzer.rt.Fx.*;

import dev.jawait.Async;
import dev.jawait.Future;
import dev.jawait.fuzzer.rt.*;
import java.util.*;

// fixed processor bug: a private field read through 'var o = this' in an instance @Async method: the machine could not tell the local's class and copied the read as it is, "pi has private access" (found by the campaign, seed 20261203 program 5499)
public class PrivateFieldThroughVarThis {
  static PrivateFieldThroughVarThis it;
  private int pi = 4;

  public static Object entry() throws Exception {
    it = new PrivateFieldThroughVarThis();
    return it.m(2);
  }

  @Async
  Future<Integer> m(int d) throws FxChecked {
    int x = await(v("a", d));
    var o = this;
    int y = o.pi;
    return Future.ready(x + y);
  }
}
