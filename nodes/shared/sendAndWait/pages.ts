import type { FormField } from './formFields';
import { inputNameOf } from './formFields';

/*
 * The pages a person sees after a click: the response form and the "recorded" page. Plain HTML
 * without scripts, served with a Content-Security-Policy that sandboxes them (forms allowed), so
 * a page on n8n's origin can never reach n8n's session. Every value is HTML-escaped.
 */

export const PAGE_CSP =
	"sandbox allow-forms; default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'";

export function escapeHtml(value: string): string {
	return value
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

const STYLE = `body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f3f5f8;margin:0;padding:24px;color:#1f2329}
main{max-width:520px;margin:0 auto;background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:20px;margin:0 0 8px}p{white-space:pre-wrap;color:#4e5969}label{display:block;margin:16px 0 6px;font-weight:600}
input,textarea,select{width:100%;box-sizing:border-box;padding:8px;border:1px solid #c9cdd4;border-radius:4px;font:inherit}
input[type=checkbox]{width:auto}button{margin-top:20px;background:#0082ef;color:#fff;border:0;border-radius:4px;padding:10px 20px;font:inherit;cursor:pointer}`;

function page(title: string, body: string): string {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function inputFor(field: FormField, index: number): string {
	const name = field.inputName ?? inputNameOf(index);
	const required = field.required ? ' required' : '';
	const placeholder = field.placeholder ? ` placeholder="${escapeHtml(field.placeholder)}"` : '';
	const label = `<label for="${name}">${escapeHtml(field.label)}${field.required ? ' *' : ''}</label>`;
	switch (field.type) {
		case 'textarea':
			return `${label}<textarea id="${name}" name="${name}" rows="5"${placeholder}${required}></textarea>`;
		case 'dropdown': {
			const options = field.options
				.map((option) => `<option>${escapeHtml(option)}</option>`)
				.join('');
			return `${label}<select id="${name}" name="${name}"${required}><option value=""></option>${options}</select>`;
		}
		case 'checkbox':
			return `<label><input type="checkbox" name="${name}" value="on"${required}> ${escapeHtml(field.label)}</label>`;
		default:
			return `${label}<input id="${name}" name="${name}" type="${field.type}"${placeholder}${required}>`;
	}
}

/** One submit button of a page that offers several answers (e.g. Approve and Decline). */
export interface PageChoice {
	label: string;
	/** Sent as the form's `choice` value. */
	value: string;
}

/** The form input that carries the pressed choice button. */
export const CHOICE_INPUT = 'choice';

export interface FormPage {
	title: string;
	description: string;
	buttonLabel: string;
	fields: FormField[];
	/** One submit button per choice instead of the single `buttonLabel` button. */
	choices?: PageChoice[];
	/** Shown above the form after a submission that missed a required field. */
	problem?: string;
}

function submitButtons(form: FormPage): string {
	if (!form.choices?.length) return `<button type="submit">${escapeHtml(form.buttonLabel)}</button>`;
	return form.choices
		.map(
			(choice) =>
				`<button type="submit" name="${CHOICE_INPUT}" value="${escapeHtml(choice.value)}" style="margin-right:12px">${escapeHtml(choice.label)}</button>`,
		)
		.join('');
}

/** The response form. It posts (multipart, as n8n expects for forms) to the URL it was opened with. */
export function formPage(form: FormPage): string {
	const problem = form.problem
		? `<p role="alert" style="color:#d83931">${escapeHtml(form.problem)}</p>`
		: '';
	const inputs = form.fields.map(inputFor).join('');
	return page(
		form.title,
		`<h1>${escapeHtml(form.title)}</h1><p>${escapeHtml(form.description)}</p>${problem}<form method="post" enctype="multipart/form-data">${inputs}${submitButtons(form)}</form>`,
	);
}

/** The page after an answer was recorded, or after a click that changed nothing. */
export function messagePage(heading: string, text: string): string {
	return page(heading, `<h1>${escapeHtml(heading)}</h1><p>${escapeHtml(text)}</p>`);
}
