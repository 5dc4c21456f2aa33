// The sample's live view: polls the Actuator endpoints once a second, keeps the last minute,
// and draws it on canvases. No library: the page must work offline and without a build step.
'use strict';

const POLL_MS = 1000;
const WINDOW_S = 60;

// Okabe–Ito: distinguishable with the common colour-vision deficiencies.
const COLOR = {
	blue: '#0072B2',
	vermillion: '#D55E00',
	green: '#009E73',
	purple: '#CC79A7',
	orange: '#E69F00',
	sky: '#56B4E9',
	black: '#000000',
	grey: '#999999',
};

/** One series: a name for the legend, a colour, a dash pattern, and samples {t, v}. */
class Series {
	constructor(label, color, dash = []) {
		this.label = label;
		this.color = color;
		this.dash = dash;
		this.samples = [];
	}

	push(t, v) {
		this.samples.push({ t, v });
		const oldest = t - WINDOW_S * 1000;
		while (this.samples.length && this.samples[0].t < oldest) {
			this.samples.shift();
		}
	}

	last() {
		return this.samples.length ? this.samples[this.samples.length - 1].v : undefined;
	}

	sum() {
		return this.samples.reduce((total, sample) => total + sample.v, 0);
	}
}

/** A line chart over the last minute: x in seconds ago, y from 0 with round ticks. */
class Chart {
	constructor(canvasId, yLabel, series) {
		this.canvas = document.getElementById(canvasId);
		this.yLabel = yLabel;
		this.series = series;
	}

	draw(now) {
		const canvas = this.canvas;
		const ratio = window.devicePixelRatio || 1;
		const width = canvas.clientWidth || canvas.width;
		const height = Math.max(180, Math.round(width * 220 / 560));
		if (canvas.width !== Math.round(width * ratio)) {
			canvas.width = Math.round(width * ratio);
			canvas.height = Math.round(height * ratio);
		}
		const g = canvas.getContext('2d');
		g.setTransform(ratio, 0, 0, ratio, 0, 0);
		g.clearRect(0, 0, width, height);
		g.font = '12px system-ui, sans-serif';
		const legend = this.layOutLegend(g, 56, width - 12);
		const plot = { left: 56, right: width - 12, top: 16 + legend.rows * 16, bottom: height - 34 };
		const scale = niceScale(Math.max(1, ...this.series.flatMap((s) => s.samples.map((p) => p.v))));
		const max = scale.max;
		const x = (t) => plot.left + (1 - (now - t) / (WINDOW_S * 1000)) * (plot.right - plot.left);
		const y = (v) => plot.bottom - (v / max) * (plot.bottom - plot.top);

		g.font = '12px system-ui, sans-serif';
		g.lineWidth = 1;
		g.strokeStyle = '#e3e3e8';
		g.fillStyle = '#5a5a60';
		g.textAlign = 'right';
		g.textBaseline = 'middle';
		for (let value = 0; value <= max + scale.step / 2; value += scale.step) {
			g.beginPath();
			g.moveTo(plot.left, y(value));
			g.lineTo(plot.right, y(value));
			g.stroke();
			g.fillText(formatTick(value), plot.left - 6, y(value));
		}
		g.textAlign = 'center';
		g.textBaseline = 'top';
		for (let ago = WINDOW_S; ago >= 0; ago -= 10) {
			g.fillText(ago === 0 ? 'now' : `-${ago}`, x(now - ago * 1000), plot.bottom + 6);
		}
		g.fillText('seconds ago', (plot.left + plot.right) / 2, plot.bottom + 20);
		g.save();
		g.translate(12, (plot.top + plot.bottom) / 2);
		g.rotate(-Math.PI / 2);
		g.textBaseline = 'middle';
		g.fillText(this.yLabel, 0, 0);
		g.restore();

		for (const series of this.series) {
			g.strokeStyle = series.color;
			g.lineWidth = 2;
			g.setLineDash(series.dash);
			g.beginPath();
			series.samples.forEach((p, i) => (i ? g.lineTo(x(p.t), y(p.v)) : g.moveTo(x(p.t), y(p.v))));
			g.stroke();
		}
		g.setLineDash([]);

		g.textAlign = 'left';
		g.textBaseline = 'middle';
		for (const item of legend.items) {
			g.strokeStyle = item.series.color;
			g.lineWidth = 3;
			g.setLineDash(item.series.dash);
			g.beginPath();
			g.moveTo(item.x, item.y);
			g.lineTo(item.x + 18, item.y);
			g.stroke();
			g.setLineDash([]);
			g.fillStyle = '#1d1d1f';
			g.fillText(item.series.label, item.x + 24, item.y);
		}
	}

	/** Places the legend's entries in rows that fit between left and right. */
	layOutLegend(g, left, right) {
		const items = [];
		let x = left;
		let row = 0;
		for (const series of this.series) {
			const width = 24 + g.measureText(series.label).width;
			if (x > left && x + width > right) {
				x = left;
				row++;
			}
			items.push({ series, x, y: 12 + row * 16 });
			x += width + 18;
		}
		return { items, rows: row + 1 };
	}
}

function niceScale(value) {
	let power = Math.pow(10, Math.floor(Math.log10(value)) - 1);
	for (;;) {
		for (const factor of [1, 2, 5]) {
			const step = factor * power;
			if (Math.ceil(value / step) <= 5) {
				return { step, max: Math.ceil(value / step) * step };
			}
		}
		power *= 10;
	}
}

function formatTick(value) {
	return String(Math.round(value * 1000) / 1000);
}

/** Seconds in an ISO-8601 duration as Jackson writes a java.time.Duration ("PT0.583S", "PT1M2S"). */
function seconds(iso) {
	const match = /^(-)?PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso || '');
	if (!match) {
		return NaN;
	}
	const total = (+match[2] || 0) * 3600 + (+match[3] || 0) * 60 + (+match[4] || 0);
	return match[1] ? -total : total;
}

/** Turns running totals into a rate per second between two polls. */
class RateOf {
	constructor() {
		this.previous = undefined;
	}

	next(t, total) {
		const previous = this.previous;
		this.previous = { t, total };
		if (!previous || total < previous.total) {
			return 0;
		}
		return (total - previous.total) / ((t - previous.t) / 1000);
	}
}

const view = {
	search: {
		admitted: new Series('admitted', COLOR.blue),
		rejected: new Series('rejected', COLOR.vermillion, [6, 3]),
		interval: new Series('next permit', COLOR.green),
		stored: new Series('stored', COLOR.purple),
		threshold: new Series('threshold', COLOR.grey, [6, 3]),
		max: new Series('maximum', COLOR.black, [2, 3]),
		admittedRate: new RateOf(),
		rejectedRate: new RateOf(),
		phases: [],
	},
	partner: {
		admitted: new Series('admitted', COLOR.blue),
		rejected: new Series('rejected', COLOR.vermillion, [6, 3]),
		admittedRate: new RateOf(),
		rejectedRate: new RateOf(),
	},
	stock: {
		inFlight: new Series('in flight', COLOR.blue),
		waiting: new Series('waiting', COLOR.orange, [6, 3]),
		cap: new Series('cap', COLOR.black, [2, 3]),
		admitted: new Series('admitted', COLOR.blue),
		rejected: new Series('rejected', COLOR.vermillion, [6, 3]),
		admittedRate: new RateOf(),
		rejectedRate: new RateOf(),
	},
	inventory: {
		outcomes: {
			SUCCEEDED_WITHOUT_RETRY: new Series('first try', COLOR.blue),
			SUCCEEDED_AFTER_RETRIES: new Series('after retries', COLOR.green, [6, 3]),
			FAILED_AFTER_RETRIES: new Series('gave up', COLOR.vermillion, [2, 3]),
			BUDGET_EXHAUSTED: new Series('budget empty', COLOR.purple, [8, 3, 2, 3]),
		},
		rates: {},
		balance: new Series('budget balance, retries', COLOR.green),
	},
};

const charts = [
	new Chart('search-calls', 'calls / s', [view.search.admitted, view.search.rejected]),
	new Chart('search-interval', 'ms', [view.search.interval]),
	new Chart('search-stored', 'permits', [view.search.stored, view.search.threshold, view.search.max]),
	new Chart('partner-calls', 'calls / s', [view.partner.admitted, view.partner.rejected]),
	new Chart('stock-cap', 'calls', [view.stock.inFlight, view.stock.waiting, view.stock.cap]),
	new Chart('stock-calls', 'calls / s', [view.stock.admitted, view.stock.rejected]),
	new Chart('inventory-outcomes', 'calls / s', Object.values(view.inventory.outcomes)),
	new Chart('inventory-budget', 'retries', [view.inventory.balance]),
];

async function json(path) {
	const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
	if (!response.ok) {
		throw new Error(`${path}: ${response.status}`);
	}
	return response.json();
}

async function poll() {
	const t = Date.now();
	const status = document.getElementById('connection');
	try {
		const [rates, caps, retries] = await Promise.all([json('actuator/ratelimits'),
			json('actuator/concurrencylimits'), json('actuator/retrypolicies')]);
		showRateLimit(t, rates.limits.search, view.search);
		showRateLimit(t, rates.limits.partner, view.partner);
		showWarmup(t, rates.limits.search);
		showCap(t, caps.limits.stock);
		showRetries(t, retries.policies.inventory);
		status.textContent = `Live: updated ${new Date(t).toLocaleTimeString()}`;
		status.classList.remove('down');
	}
	catch (error) {
		status.textContent = `Cannot read the Actuator endpoints (${error.message}); retrying every second.`;
		status.classList.add('down');
	}
	charts.forEach((chart) => chart.draw(t));
}

function showRateLimit(t, limit, state) {
	state.admitted.push(t, state.admittedRate.next(t, limit.counts.permitted));
	state.rejected.push(t, state.rejectedRate.next(t, limit.counts.rejected));
	const summary = document.getElementById(`${limit.name}-summary`);
	const admitted = Math.round(state.admitted.sum());
	const rejected = Math.round(state.rejected.sum());
	summary.dataset.admitted = admitted;
	summary.dataset.rejected = rejected;
	summary.textContent = `Last minute, about: ${admitted} admitted, ${rejected} rejected. `
		+ `Since start: ${limit.counts.permitted} admitted, ${limit.counts.rejected} rejected.`;
}

function showWarmup(t, limit) {
	const snapshot = limit.state;
	view.search.interval.push(t, seconds(snapshot.nextPermitInterval) * 1000);
	view.search.stored.push(t, snapshot.storedPermits);
	view.search.threshold.push(t, snapshot.thresholdPermits);
	view.search.max.push(t, snapshot.maxPermits);
	const phase = document.getElementById('search-phase');
	phase.dataset.phase = snapshot.phase;
	phase.textContent = `phase: ${snapshot.phase}`;
	const phases = view.search.phases;
	if (phases[phases.length - 1] !== snapshot.phase) {
		phases.push(snapshot.phase);
		const history = document.getElementById('search-phase-history');
		history.dataset.phases = phases.join(',');
		history.textContent = phases.slice(-6).join(' → ');
	}
}

function showCap(t, cap) {
	const stock = view.stock;
	stock.inFlight.push(t, cap.inFlight);
	stock.waiting.push(t, cap.waiting);
	stock.cap.push(t, cap.maxConcurrent);
	stock.admitted.push(t, stock.admittedRate.next(t, cap.admitted));
	stock.rejected.push(t, stock.rejectedRate.next(t, cap.rejected));
	document.getElementById('stock-summary').textContent = `Now: ${cap.inFlight} in flight, ${cap.waiting} `
		+ `waiting, cap ${cap.maxConcurrent}. Since start: ${cap.admitted} admitted, ${cap.rejected} rejected.`;
}

function showRetries(t, policy) {
	const inventory = view.inventory;
	for (const [outcome, series] of Object.entries(inventory.outcomes)) {
		inventory.rates[outcome] = inventory.rates[outcome] || new RateOf();
		series.push(t, inventory.rates[outcome].next(t, policy.outcomes[outcome] || 0));
	}
	inventory.balance.push(t, policy.budget.balance);
	const parts = Object.entries(policy.outcomes).filter(([, n]) => n > 0)
		.map(([outcome, n]) => `${outcome.toLowerCase().replaceAll('_', ' ')}: ${n}`);
	document.getElementById('inventory-summary').textContent = `Since start, ${policy.attempts} attempts; `
		+ (parts.length ? parts.join(', ') : 'no calls yet') + '.';
}

/** Tallies of the answers this page got, by where they show. */
const tallies = {};

function tally(element, status) {
	const counts = (tallies[element.id] = tallies[element.id] || {});
	counts[status] = (counts[status] || 0) + 1;
	element.dataset.counts = JSON.stringify(counts);
	element.textContent = 'Answers to this page: ' + Object.entries(counts)
		.map(([code, n]) => `${code} × ${n}`).join(', ');
}

function tallyClient(client, status) {
	const table = document.querySelector('#partner-clients tbody');
	let row = table.querySelector(`tr[data-client="${client}"]`);
	if (!row) {
		row = table.insertRow();
		row.dataset.client = client;
		row.innerHTML = '<td></td><td>0</td><td>0</td>';
		row.cells[0].textContent = client;
	}
	const cell = status === 200 ? 1 : status === 429 ? 2 : -1;
	if (cell > 0) {
		row.cells[cell].textContent = String(+row.cells[cell].textContent + 1);
	}
}

async function send(button, path) {
	const headers = button.dataset.apiKey ? { 'X-Api-Key': button.dataset.apiKey } : {};
	let status;
	try {
		status = (await fetch(path.replace(/^\//, ''), { headers, cache: 'no-store' })).status;
	}
	catch (error) {
		status = 'network error';
	}
	const shownIn = button.closest('section').querySelector('.tally');
	if (button.dataset.apiKey) {
		tallyClient(button.dataset.apiKey, status);
	}
	else if (shownIn) {
		tally(shownIn, status);
	}
}

async function fire(button) {
	const count = +button.dataset.count;
	const parallel = +button.dataset.parallel;
	let next = 0;
	const worker = async () => {
		while (next < count) {
			next++;
			await send(button, button.dataset.fire);
		}
	};
	await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
}

async function steady(button) {
	const perSecond = +button.dataset.rate;
	const until = Date.now() + button.dataset.seconds * 1000;
	const pending = [];
	while (Date.now() < until) {
		pending.push(send(button, button.dataset.steady));
		await new Promise((resolve) => setTimeout(resolve, 1000 / perSecond));
	}
	await Promise.all(pending);
}

document.querySelectorAll('button[data-fire], button[data-steady]').forEach((button) => {
	button.addEventListener('click', async () => {
		button.disabled = true;
		try {
			await (button.dataset.steady ? steady(button) : fire(button));
		}
		finally {
			button.disabled = false;
		}
	});
});

window.addEventListener('resize', () => charts.forEach((chart) => chart.draw(Date.now())));
poll();
setInterval(poll, POLL_MS);
