import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/** Chart.js, from the app's own dependencies (no CDN), once read. */
const CHART_JS = readFileSync(path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');

/**
 * Draws the insights' charts with Chart.js over the server-drawn SVG ones (which stay for readers without
 * scripts): the figures come from the page's JSON data block, never from an inline script (CSP script-src 'self').
 */
const INSIGHTS_JS = `(() => {
  const data = document.getElementById('chart-data');
  if (!data || typeof Chart === 'undefined') return;
  const charts = JSON.parse(data.textContent);
  const style = getComputedStyle(document.documentElement);
  const accent = style.getPropertyValue('--accent').trim() || '#1f5eff';
  for (const chart of charts.charts) {
    const svg = document.getElementById(chart.id);
    if (!svg) continue;
    const canvas = document.createElement('canvas');
    canvas.id = chart.id + '-canvas';
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', svg.getAttribute('aria-label') || chart.title);
    svg.replaceWith(canvas);
    new Chart(canvas, {
      type: 'bar',
      data: { labels: chart.labels, datasets: [{ label: chart.title + ' (' + charts.currency + ')', data: chart.values, backgroundColor: accent }] },
      options: {
        indexAxis: chart.horizontal ? 'y' : 'x',
        animation: false,
        responsive: true,
        plugins: { legend: { display: false } },
      },
    });
    canvas.dataset.drawn = 'true';
  }
})();
`;

@ApiExcludeController()
@Controller('assets')
export class ChartAssetsController {
  @Get('chart.umd.min.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=86400')
  chartJs(): string {
    return CHART_JS;
  }

  @Get('insights.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  insightsJs(): string {
    return INSIGHTS_JS;
  }
}
