/**
 * Which faults the fake injects around one step of the campaign, chosen at random, and the tally
 * of faults actually injected, by kind (the fake's own counters where it keeps them).
 * 'reused-id-acceptance' counts the answers lost on orders already done: each was a chance for a
 * resend to be accepted as a second order (the fake accepts a reused id then, as Binance does).
 * 'lagging-lookups' counts order queries that did not see an order yet; '-1015-storm' the orders refused.
 */
import type { FakeExchange } from '../../src/fake-exchange/server.js';

export type FaultKind =
  | 'latency'
  | '5xx-before-processing'
  | '5xx-after-processing'
  | 'timeout-after-accept'
  | 'websocket-drop'
  | 'clock-skew'
  | 'unknown-code-4xx'
  | 'lagging-lookups'
  | 'reused-id-acceptance'
  | '-1015-storm';

/** Where an order or an OCO is placed, and where either is canceled. */
const NEW_ORDER_PATHS = ['/api/v3/order', '/api/v3/order/oco'];
const CANCEL_PATHS = ['/api/v3/order', '/api/v3/orderList'];

export class FaultPlan {
  private latencyDelayedRequests = 0;
  private skewChanges = 0;
  private skew = 0;
  private latency = 0;
  private requestsAtArm = 0;
  private laggedSteps = 0;
  private storms = 0;

  constructor(
    private readonly fake: FakeExchange,
    private readonly random: () => number,
    /** Latency that outlasts the client's timeout: the answer is lost though the request may be processed late. */
    private readonly slowLatencyMs: number,
    /** The longest query lag injected (keep it under the client's lag allowance). */
    private readonly maxQueryLagMs = 300,
  ) {}

  /** Switches on this step's faults. */
  arm(): void {
    const { faults } = this.fake;
    const roll = this.random();
    if (roll < 0.3) faults.failWith5xx({ probability: 0.3, when: 'either' });
    else if (roll < 0.45) faults.failWith5xx({ next: 1, paths: NEW_ORDER_PATHS, method: 'POST', when: 'either' });
    else if (roll < 0.5) faults.failWith5xx({ next: 1, paths: CANCEL_PATHS, method: 'DELETE', when: 'either' });
    else if (roll < 0.58) faults.timeoutAfterAccept({ next: 1, mode: this.random() < 0.5 ? 'hang' : 'destroy' });
    // -1006 / -1007 with a 4xx: "execution status unknown", before or after the engine saw the order.
    else if (roll < 0.7)
      faults.failWith5xx({
        next: 1,
        paths: NEW_ORDER_PATHS,
        method: 'POST',
        status: this.random() < 0.5 ? 400 : 408,
        code: this.random() < 0.7 ? -1007 : -1006,
        when: 'either',
      });
    else if (roll < 0.73) {
      // One refusal: the client then holds new orders for the limit's interval (1 s on this fake).
      faults.stormOrders(1);
      this.storms += 1;
    }
    // Order queries lag behind the engine (within the client's lag allowance): lookups see nothing yet.
    if (this.random() < 0.25) {
      faults.lagQueries(50 + Math.floor(this.random() * this.maxQueryLagMs));
      this.laggedSteps += 1;
    }
    const slow = this.random() < 0.015;
    this.latency = slow ? this.slowLatencyMs : this.random() < 0.9 ? 1 + Math.floor(this.random() * 5) : 0;
    if (this.random() < 0.05) faults.dropWebsockets();
    if (this.random() < 0.04) {
      const choices = [-3000, 0, 3000].filter((s) => s !== this.skew);
      this.skew = choices[Math.floor(this.random() * choices.length)]!;
      this.skewChanges += 1;
    }
    faults.skewClock(this.skew);
    faults.addLatency(this.latency);
    this.requestsAtArm = this.fake.stats.requests;
  }

  /** Switches this step's faults off; a clock skew lasts until the plan changes it again. */
  disarm(): void {
    if (this.latency > 0) this.latencyDelayedRequests += this.fake.stats.requests - this.requestsAtArm;
    this.latency = 0;
    // A storm and a lost answer wait for the next order (a step may place none); everything else ends with the step.
    const { orderStormLeft, acceptedTimeoutsLeft, acceptedTimeouts } = this.fake.faults.settings();
    this.fake.faults.reset();
    this.fake.faults.skewClock(this.skew);
    this.fake.faults.stormOrders(orderStormLeft);
    if (acceptedTimeoutsLeft > 0)
      this.fake.faults.timeoutAfterAccept({ next: acceptedTimeoutsLeft, mode: acceptedTimeouts?.mode ?? 'hang' });
  }

  /** Everything off, the clock included. */
  calm(): void {
    this.skew = 0;
    this.fake.faults.reset();
  }

  counts(): Record<FaultKind, number> {
    const { stats } = this.fake;
    return {
      latency: this.latencyDelayedRequests,
      '5xx-before-processing': stats.injected5xx - stats.injected5xxAfterProcessing,
      '5xx-after-processing': stats.injected5xxAfterProcessing,
      'timeout-after-accept': stats.acceptedThenTimedOut,
      'websocket-drop': stats.websocketsDropped,
      'clock-skew': this.skewChanges,
      'unknown-code-4xx': stats.injectedUnknownCodes,
      'lagging-lookups': stats.laggedQueries,
      'reused-id-acceptance': stats.lostAnswersOnDoneOrders,
      '-1015-storm': stats.orderRateRefusals,
    };
  }

  /** Whether every kind of fault was injected at least once. */
  everyKindSeen(): boolean {
    return Object.values(this.counts()).every((n) => n > 0);
  }

  total(): number {
    return Object.values(this.counts()).reduce((a, b) => a + b, 0);
  }
}
