import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { WebSessions } from '@ofs/web';
import type { Request, Response } from 'express';
import { BankData } from '../dashboard/bank-data.service';
import { sendFinancrooPage } from '../http/financroo-layout';
import { SignedInGuard, userOf } from '../sign-in/signed-in.guard';
import { insightsPage } from './insights.page';
import { filterTransactions, pageOf, spendingByCategory, spendingByMonth, type InsightsFilter } from './spending';

/** Spending by month and by category, and the transactions table (account and text filters, pages). */
@ApiExcludeController()
@Controller('insights')
@UseGuards(SignedInGuard)
export class InsightsController {
  constructor(
    private readonly sessions: WebSessions,
    private readonly data: BankData,
  ) {}

  @Get()
  async show(@Req() req: Request, @Res() res: Response): Promise<void> {
    const session = (await this.sessions.current(req))!;
    const user = { id: await userOf(this.sessions, req), csrfToken: session.csrfToken };
    const filter = parseFilter(req.query);
    const { cards, transactions } = await this.data.transactions(user.id);
    const matching = filterTransactions(transactions, filter);
    const currency = matching[0]?.currency ?? transactions[0]?.currency ?? 'AUD';
    const { items, page, pages } = pageOf(matching, filter.page);
    sendFinancrooPage(
      res,
      200,
      insightsPage({
        user,
        cards,
        filter,
        byMonth: spendingByMonth(matching).map((bar) => ({ ...bar, label: monthName(bar.label) })),
        byCategory: spendingByCategory(matching),
        currency,
        rows: items,
        matching: matching.length,
        page,
        pages,
      }),
    );
  }
}

/** Query parameters as given by the filter form; anything malformed counts as not given. */
export function parseFilter(query: Request['query']): InsightsFilter {
  const text = typeof query.text === 'string' && query.text.trim() ? query.text.trim().slice(0, 100) : undefined;
  const account =
    typeof query.account === 'string' && /^[a-z0-9-]+:[A-Za-z0-9-]{1,64}$/.test(query.account)
      ? query.account
      : undefined;
  const page = typeof query.page === 'string' && /^\d{1,4}$/.test(query.page) ? Math.max(1, Number(query.page)) : 1;
  return { account, text, page };
}

/** `2026-03` as `Mar 2026`. */
export function monthName(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleString('en-GB', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
