/** Markup that is already safe: produced by {@link html} or deliberately trusted. */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * escapeHtml('<b title="x">'); // "&lt;b title=&quot;x&quot;&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c]!);
}

/** What {@link html} accepts between its literal parts. */
export type Interpolation = Markup | string | number | boolean | null | undefined | Interpolation[];

function render(value: Interpolation): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * A template tag that escapes every interpolated value unless it is {@link Markup};
 * arrays are joined, and null, undefined and false render as nothing.
 *
 * @example
 * html`<td>${'a < b'}</td>`.text; // "<td>a &lt; b</td>"
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Markup(out);
}

/**
 * JSON that is safe inside a `<script type="application/json">` element: `<`, U+2028 and
 * U+2029 are written as escapes, so no `</script>` or comment opener can appear.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A table row of cells of one kind; each value is escaped unless it is {@link Markup}, and so
 * are the values of the row's attributes.
 */
export function row(
  values: Interpolation[],
  cell: 'td' | 'th' = 'td',
  attributes: Record<string, string> = {},
): Markup {
  const attributeText = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
  const cells = values.map((v) => `<${cell}>${render(v)}</${cell}>`).join('');
  return new Markup(`<tr${attributeText}>${cells}</tr>`);
}

/** A table with a class, a header row (when given) and body rows. */
export function table(className: string, header: string[] | null, rows: Markup[]): Markup {
  const head = header ? html`<thead>${row(header, 'th')}</thead>` : '';
  return html`<table class="${className}">${head}<tbody>${rows}</tbody></table>`;
}
