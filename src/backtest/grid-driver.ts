/**
 * Runs a grid: geometric price levels around the first bar's open. Every level below the open rests
 * a LIMIT buy of `quotePerLevel`; a filled buy rests a LIMIT sell one level up; a filled sell re-arms
 * the buy below it. All orders rest on the simulated exchange and fill as paper orders do (maker, on
 * prints strictly through the price).
 */
import type { OrderUpdate } from '../ports/broker.js';
import type { GridStrategy } from '../strategy/index.js';
import type { RunContext, StrategyDriver } from './driver.js';
import { summarizeFills, type Lot } from './positions.js';

type Resting =
  { kind: 'buy'; symbol: string; level: number } | { kind: 'sell'; symbol: string; level: number; lot: Lot };

export class GridDriver implements StrategyDriver {
  private readonly levels = new Map<string, number[]>();
  private readonly resting = new Map<string, Resting>();

  constructor(
    private readonly s: GridStrategy,
    private readonly ctx: RunContext,
  ) {}

  warmUp(): void {}

  watching(): boolean {
    return false;
  }

  async onPrints(): Promise<void> {}

  atClose(): void {}

  atOpen(symbol: string, index: number): Promise<void> | void {
    if (!this.levels.has(symbol)) return this.arm(symbol, index);
  }

  private async arm(symbol: string, index: number): Promise<void> {
    const open = this.ctx.bars.get(symbol)!.open[index]!;
    const g = this.s.grid;
    const lo = open * (1 - g.lowerPercent / 100);
    const hi = open * (1 + g.upperPercent / 100);
    const ratio = (hi / lo) ** (1 / (g.levels - 1));
    const levels = Array.from({ length: g.levels }, (_, k) => lo * ratio ** k);
    this.levels.set(symbol, levels);
    for (let k = 0; k < levels.length - 1; k++) if (levels[k]! < open) await this.buyAt(symbol, k, open);
  }

  async onOrderUpdate(update: OrderUpdate): Promise<void> {
    const id = update.order.clientOrderId;
    const r = this.resting.get(id);
    if (!r || update.fills.length === 0) return;
    const market = this.ctx.markets.get(r.symbol)!;
    const fills = summarizeFills(update.fills, market.baseAsset);
    const done = update.order.status === 'FILLED';
    if (done) this.resting.delete(id);
    const levels = this.levels.get(r.symbol)!;
    if (r.kind === 'buy') {
      const lot = this.ctx.positions.openLot(r.symbol, fills, -1, { stop: 0, trail: 0 });
      lot.level = r.level;
      await this.sellAt(r.symbol, lot, r.level + 1, levels[r.level]!);
    } else if (
      this.ctx.positions.recordSell(r.lot, fills, this.ctx.steps.get(r.symbol)!, `grid level ${r.level + 1}`) &&
      done
    ) {
      await this.buyAt(r.symbol, r.level - 1, levels[r.level]!);
    }
  }

  /**
   * A level holds one buy at a time: none while a buy rests there, nor while a lot it bought is
   * still held (its sell rests one level up; a buy filled by several prints has one lot and one
   * sell per print, and only the last of them to fill re-arms the level).
   */
  private async buyAt(symbol: string, level: number, price: number): Promise<void> {
    if (level < 0) return;
    for (const r of this.resting.values()) {
      if (r.symbol !== symbol) continue;
      if ((r.kind === 'buy' && r.level === level) || (r.kind === 'sell' && r.level === level + 1)) return;
    }
    const market = this.ctx.markets.get(symbol)!;
    const at = this.levels.get(symbol)![level]!;
    const id = this.ctx.exec.nextId('gb');
    this.resting.set(id, { kind: 'buy', symbol, level });
    const qty = Number(this.s.grid.quotePerLevel) / at;
    const result = await this.ctx.exec.place(
      market,
      {
        clientOrderId: id,
        symbol,
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: at.toFixed(12),
        quantity: qty.toFixed(12),
      },
      price,
    );
    if (!result) this.resting.delete(id);
    else if (result.fills.length > 0) await this.onOrderUpdate(result);
  }

  private async sellAt(symbol: string, lot: Lot, level: number, price: number): Promise<void> {
    const market = this.ctx.markets.get(symbol)!;
    const at = this.levels.get(symbol)![level]!;
    const id = this.ctx.exec.nextId('gs');
    this.resting.set(id, { kind: 'sell', symbol, level, lot });
    const result = await this.ctx.exec.place(
      market,
      {
        clientOrderId: id,
        symbol,
        side: 'SELL',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: at.toFixed(12),
        quantity: lot.qty.toFixed(12),
      },
      price,
    );
    if (!result) this.resting.delete(id);
    else if (result.fills.length > 0) await this.onOrderUpdate(result);
  }
}
