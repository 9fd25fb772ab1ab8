// @ts-check
/**
 * Approvals (审批, docs 91982/91853/91816/91983/91815): templates, applyevent checked against the
 * template the way WeCom checks it, the list of approval numbers (cursor, ≤ 31 days), the detail,
 * and decisions made on the sandbox page, which become sys_approval_change callbacks.
 *
 *   POST /cgi-bin/oa/gettemplatedetail   { template_id }
 *   POST /cgi-bin/oa/applyevent          { creator_userid, template_id, use_template_approver, process, apply_data, summary_list }
 *   POST /cgi-bin/oa/getapprovalinfo     { starttime, endtime, new_cursor, size, filters }
 *   POST /cgi-bin/oa/getapprovaldetail   { sp_no }
 *   GET  /ui/approvals                   templates and applications, for the page
 *   POST /ui/approvals/decide            { sp_no, decision: 'approve'|'reject', speech? } → the callback event to send
 *
 * Only the app secret may call these (48002 for the Contacts Sync secret), as WeCom allows only
 * apps listed under Approval → API → 可调用接口的应用.
 */
const { messageXml } = require('../callbacks');
const { weComError } = require('../errors');
const { findMedia } = require('./media');

const STATE = 'approvals';
const MAX_SPAN_SECONDS = 31 * 24 * 3600;
const MAX_PAGE_SIZE = 100;
const FILTER_KEYS = new Set(['template_id', 'creator', 'department', 'sp_status', 'record_type']);

/** @param {string} text */
const zh = (text) => [{ text, lang: 'zh_CN' }];
/** @param {string} zhText @param {string} enText */
const names = (zhText, enText) => [{ text: zhText, lang: 'zh_CN' }, { text: enText, lang: 'en' }];

/**
 * @typedef {{ control: string, id: string, title: Array<{text: string, lang: string}>, require: number, un_print?: number, placeholder?: Array<{text: string, lang: string}> }} ControlProperty
 * @typedef {{ property: ControlProperty, config?: Record<string, any> }} Control
 * @typedef {{ template_id: string, template_names: Array<{text: string, lang: string}>, controls: Control[], recordType?: number, approvers: Array<{ type: number, apv_rel: number, userid: string[] }> }} Template
 * @typedef {{ userid: string, sp_yj: number, speech: string, sptime: number, media_ids: string[] }} SubNode
 * @typedef {{ node_type: number, sp_status: number, apv_rel: number, sub_node_list: SubNode[] }} ProcessNode
 * @typedef {{ commentUserInfo: { userid: string }, commenttime: number, commentcontent: string, commentid: string, media_id: string[] }} Comment
 * @typedef {{ sp_no: string, sp_name: string, sp_status: number, template_id: string, apply_time: number, applyer: { userid: string, partyid: string }, nodes: ProcessNode[], apply_data: { contents: any[] }, comments: Comment[], summary_list: any[], recordType?: number }} Application
 * @typedef {{ templates: Map<string, Template>, applications: Map<string, Application>, serial: number }} ApprovalState
 */

/** @param {string} control @param {string} id @param {string} zhTitle @param {string} enTitle @param {number} require @param {Record<string, any>} [config] @returns {Control} */
function control(control, id, zhTitle, enTitle, require, config) {
	return { property: { control, id, title: names(zhTitle, enTitle), placeholder: zh(''), require, un_print: 0 }, ...(config ? { config } : {}) };
}

/** The sandbox company's templates: leave (with a Vacation control) and an expense claim using every other control. */
function seedTemplates() {
	/** @type {Template[]} */
	const templates = [
		{
			template_id: 'C4UCJS891Afmu1rE1Ws6cvph7YHqebWtt7KRm1D8t',
			template_names: names('请假', 'Leave Request'),
			recordType: 1,
			approvers: [
				{ type: 1, apv_rel: 2, userid: ['lisi'] },
				{ type: 2, apv_rel: 1, userid: ['zhangsan'] },
			],
			controls: [
				control('Vacation', 'vacation-1563793073898', '请假类型', 'Leave Type', 1, {
					vacation_list: {
						item: [
							{ id: 1, name: names('年假', 'Annual Leave') },
							{ id: 2, name: names('事假', 'Personal Leave') },
							{ id: 3, name: names('病假', 'Sick Leave') },
						],
					},
				}),
				control('Textarea', 'item-1497581399901', '请假事由', 'Reason', 1),
				control('File', 'item-1497581426169', '附件', 'Attachments', 0),
			],
		},
		{
			template_id: '3TmALk1ogfgKiQE3e3jRwnTUhMTh8vca1N8zUVNU',
			template_names: names('报销', 'Expense Claim'),
			recordType: 8,
			approvers: [{ type: 1, apv_rel: 1, userid: ['lisi', 'zhangsan'] }],
			controls: [
				control('Text', 'Text-1569573760849', '报销事由', 'Purpose', 1),
				control('Textarea', 'Textarea-1569573760850', '说明', 'Notes', 0),
				control('Number', 'Number-1569573760851', '发票张数', 'Receipts', 0),
				control('Money', 'Money-1569573760852', '金额', 'Amount', 1),
				control('Date', 'Date-1569573760853', '发生日期', 'Date', 1, { date: { type: 'day' } }),
				control('DateRange', 'DateRange-1569573760854', '出差时间', 'Trip Period', 0, { date_range: { type: 'halfday' } }),
				control('Selector', 'Selector-1569573760855', '费用类型', 'Expense Type', 1, {
					selector: {
						type: 'single',
						options: [
							{ key: 'option-expense-type-1', value: names('交通', 'Transport') },
							{ key: 'option-expense-type-2', value: names('餐饮', 'Meals') },
							{ key: 'option-expense-type-3', value: names('住宿', 'Lodging') },
						],
					},
				}),
				control('Selector', 'Selector-1569573760856', '项目标签', 'Project Tags', 0, {
					selector: {
						type: 'multi',
						options: [
							{ key: 'option-project-1', value: names('客户', 'Customer') },
							{ key: 'option-project-2', value: names('内部', 'Internal') },
						],
					},
				}),
				control('Contact', 'Contact-1569573760857', '同行人', 'Travel Companions', 0, { contact: { type: 'multi', mode: 'user' } }),
				control('Contact', 'Contact-1569573760858', '费用部门', 'Cost Department', 0, { contact: { type: 'single', mode: 'department' } }),
				control('File', 'File-1569573760859', '发票', 'Receipt Files', 0),
				control('Table', 'Table-1569573760860', '费用明细', 'Expense Lines', 0, {
					table: {
						children: [
							{ property: { control: 'Text', id: 'Text-1569573760861', title: names('项目', 'Item'), require: 1 } },
							{ property: { control: 'Money', id: 'Money-1569573760862', title: names('金额', 'Amount'), require: 1 } },
						],
						stat_field: [],
					},
				}),
				control('Attendance', 'Attendance-1569573760863', '外出', 'Outing', 0, { attendance: { date_range: { type: 'hour' }, type: 4 } }),
				control('Location', 'Location-1569573760864', '地点', 'Location', 0),
				control('RelatedApproval', 'RelatedApproval-1569573760865', '关联审批', 'Related Approval', 0),
				control('Tips', 'Tips-1569573760866', '说明文字', 'Policy', 0),
			],
		},
	];
	return new Map(templates.map((template) => [template.template_id, template]));
}

/** @param {import('../server').WeComSandbox} sandbox @returns {ApprovalState} */
function approvalState(sandbox) {
	const existing = sandbox.extensions.get(STATE);
	if (existing) return /** @type {ApprovalState} */ (existing);
	/** @type {ApprovalState} */
	const state = { templates: seedTemplates(), applications: new Map(), serial: 0 };
	sandbox.extensions.set(STATE, state);
	seedApplications(sandbox);
	return state;
}

/** @param {unknown} value */
const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** @param {unknown} value */
const isDigits = (value) => (typeof value === 'string' || typeof value === 'number') && /^\d+$/.test(String(value));
/** @param {unknown} value */
const isDecimal = (value) => typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value);

/**
 * Why a value does not fit its control, in WeCom's errmsg style; undefined when it fits.
 * @param {import('../server').WeComSandbox} sandbox
 * @param {Control} templateControl
 * @param {any} value
 * @returns {string | undefined}
 */
function valueProblem(sandbox, templateControl, value) {
	const { control: kind, id } = templateControl.property;
	const config = templateControl.config ?? {};
	if (!isRecord(value)) return `${id} value invalid`;
	switch (kind) {
		case 'Text':
		case 'Textarea':
			return typeof value.text === 'string' ? undefined : `${id} text invalid`;
		case 'Number':
			return isDecimal(value.new_number) ? undefined : `${id} new_number invalid`;
		case 'Money':
			return isDecimal(value.new_money) ? undefined : `${id} new_money invalid`;
		case 'Date':
			return isRecord(value.date) && ['day', 'hour'].includes(value.date.type) && isDigits(value.date.s_timestamp)
				? undefined
				: `${id} date invalid`;
		case 'DateRange':
			return dateRangeProblem(id, value.date_range);
		case 'Selector': {
			const selector = value.selector;
			const keys = new Set((config.selector?.options ?? []).map((/** @type {{key: string}} */ option) => option.key));
			if (!isRecord(selector) || !Array.isArray(selector.options) || selector.options.length === 0) return `${id} selector invalid`;
			if (config.selector?.type === 'single' && selector.options.length > 1) return `${id} selector only one option allowed`;
			const unknown = selector.options.find((/** @type {any} */ option) => !isRecord(option) || !keys.has(option.key));
			return unknown ? `${id} selector option key invalid` : undefined;
		}
		case 'Contact': {
			if (config.contact?.mode === 'department') {
				const departments = value.departments;
				if (!Array.isArray(departments) || departments.length === 0) return `${id} departments invalid`;
				return departments.every((/** @type {any} */ entry) => isRecord(entry) && sandbox.departments.has(Number(entry.openapi_id)))
					? undefined
					: `${id} department openapi_id invalid`;
			}
			const members = value.members;
			if (!Array.isArray(members) || members.length === 0) return `${id} members invalid`;
			if (config.contact?.type === 'single' && members.length > 1) return `${id} only one member allowed`;
			return members.every((/** @type {any} */ entry) => isRecord(entry) && typeof entry.userid === 'string' && sandbox.users.has(entry.userid.toLowerCase()))
				? undefined
				: `${id} member userid invalid`;
		}
		case 'File': {
			const files = value.files;
			if (!Array.isArray(files) || files.length === 0) return `${id} files invalid`;
			if (files.length > 6) return `${id} at most 6 files`;
			return files.every((/** @type {any} */ file) => isRecord(file) && findMedia(sandbox, file.file_id) !== undefined)
				? undefined
				: `${id} file_id invalid`;
		}
		case 'Table': {
			const rows = value.children;
			const columns = new Map((config.table?.children ?? []).map((/** @type {Control} */ column) => [column.property.id, column]));
			if (!Array.isArray(rows)) return `${id} children invalid`;
			for (const row of rows) {
				if (!isRecord(row) || !Array.isArray(row.list)) return `${id} children invalid`;
				const problem = contentsProblem(sandbox, [...columns.values()], row.list);
				if (problem) return problem;
			}
			return undefined;
		}
		case 'Vacation': {
			const vacation = value.vacation;
			const ids = new Set((config.vacation_list?.item ?? []).map((/** @type {{id: number}} */ item) => String(item.id)));
			if (!isRecord(vacation) || !isRecord(vacation.selector) || !Array.isArray(vacation.selector.options)) return `${id} vacation invalid`;
			const option = vacation.selector.options[0];
			if (!isRecord(option) || !ids.has(String(option.key))) return `${id} vacation type invalid`;
			return isRecord(vacation.attendance) ? dateRangeProblem(id, vacation.attendance.date_range) : `${id} vacation attendance invalid`;
		}
		case 'Attendance': {
			const attendance = value.attendance;
			if (!isRecord(attendance) || ![3, 4, 5].includes(Number(attendance.type))) return `${id} attendance type invalid`;
			return dateRangeProblem(id, attendance.date_range);
		}
		case 'Location': {
			const location = value.location;
			return isRecord(location) && isDecimal(String(location.latitude)) && isDecimal(String(location.longitude)) && typeof location.title === 'string'
				? undefined
				: `${id} location invalid`;
		}
		case 'RelatedApproval': {
			const related = value.related_approval;
			const known = approvalState(sandbox).applications;
			return Array.isArray(related) && related.length > 0 && related.every((/** @type {any} */ entry) => isRecord(entry) && known.has(String(entry.sp_no)))
				? undefined
				: `${id} related_approval sp_no invalid`;
		}
		case 'Formula':
			return isRecord(value.formula) ? undefined : `${id} formula invalid`;
		default:
			return `${id} control ${kind} can not be submitted`;
	}
}

/** @param {string} id @param {any} range */
function dateRangeProblem(id, range) {
	if (!isRecord(range) || !isDigits(range.new_begin) || !isDigits(range.new_end)) return `${id} date_range invalid`;
	return Number(range.new_end) >= Number(range.new_begin) ? undefined : `${id} date_range new_end before new_begin`;
}

/**
 * The first problem of a contents list against the template's controls: unknown IDs, wrong
 * control types, required controls missing (errmsg "<id> is required", as WeCom words it).
 * @param {import('../server').WeComSandbox} sandbox
 * @param {Control[]} controls
 * @param {unknown} contents
 */
function contentsProblem(sandbox, controls, contents) {
	if (!Array.isArray(contents)) return 'apply_data.contents invalid';
	const byId = new Map(controls.map((entry) => [entry.property.id, entry]));
	const given = new Set();
	for (const content of contents) {
		if (!isRecord(content)) return 'apply_data.contents invalid';
		const templateControl = byId.get(content.id);
		if (!templateControl) return `control ${String(content.id)} not found in template`;
		if (templateControl.property.control === 'Tips') return `${content.id} Tips can not be submitted`;
		if (content.control !== templateControl.property.control) return `${content.id} control type invalid`;
		const problem = valueProblem(sandbox, templateControl, content.value);
		if (problem) return problem;
		given.add(content.id);
	}
	const missing = controls.find((entry) => entry.property.require === 1 && !given.has(entry.property.id));
	return missing ? `${missing.property.id} is required` : undefined;
}

/** @param {any} summaryList */
function summaryProblem(summaryList) {
	if (summaryList === undefined) return undefined;
	if (!Array.isArray(summaryList) || summaryList.length > 3) return 'summary_list at most 3 lines';
	for (const line of summaryList) {
		const infos = isRecord(line) ? line.summary_info : undefined;
		if (!Array.isArray(infos) || infos.length === 0) return 'summary_info invalid';
		if (infos.some((/** @type {any} */ info) => !isRecord(info) || typeof info.text !== 'string' || [...info.text].length > 20)) {
			return 'summary_info text at most 20 characters';
		}
	}
	return undefined;
}

/** @param {import('../server').WeComSandbox} sandbox @param {string} userid */
const knownUser = (sandbox, userid) => typeof userid === 'string' && sandbox.users.has(userid.toLowerCase());

/**
 * The process of a new application: the template's, or the one given in the request.
 * @param {import('../server').WeComSandbox} sandbox
 * @param {Template} template
 * @param {Record<string, any>} body
 * @returns {{ nodes: ProcessNode[] } | { problem: string }}
 */
function processFor(sandbox, template, body) {
	const useTemplate = Number(body.use_template_approver) === 1;
	const given = useTemplate ? template.approvers : body.process?.node_list;
	if (!Array.isArray(given) || given.length === 0) return { problem: 'process.node_list is required when use_template_approver is 0' };
	/** @type {ProcessNode[]} */
	const nodes = [];
	for (const node of given) {
		if (!isRecord(node) || ![1, 2, 3].includes(Number(node.type))) return { problem: 'process node type invalid' };
		if (!Array.isArray(node.userid) || node.userid.length === 0) return { problem: 'process node userid is required' };
		const unknown = node.userid.find((/** @type {string} */ userid) => !knownUser(sandbox, userid));
		if (unknown !== undefined) return { problem: `process userid ${unknown} invalid` };
		const relation = Number(node.apv_rel ?? 1);
		if (Number(node.type) === 1 && ![1, 2, 3].includes(relation)) return { problem: 'process node apv_rel invalid' };
		nodes.push({
			node_type: Number(node.type),
			sp_status: 1,
			apv_rel: relation,
			sub_node_list: node.userid.map((/** @type {string} */ userid) => ({ userid, sp_yj: 1, speech: '', sptime: 0, media_ids: [] })),
		});
	}
	if (!nodes.some((node) => node.node_type === 1)) return { problem: 'process needs an approver node' };
	return { nodes };
}

/**
 * Adds an application as if submitted at `applyTime` (seconds); for tests and the page's history.
 * @param {import('../server').WeComSandbox} sandbox
 * @param {{ templateId: string, creator: string, applyTime: number, contents?: any[], nodes?: ProcessNode[], summaryList?: any[] }} input
 */
function addApplication(sandbox, input) {
	const state = approvalState(sandbox);
	const template = state.templates.get(input.templateId);
	if (!template) throw new Error(`unknown template ${input.templateId}`);
	const user = sandbox.users.get(input.creator.toLowerCase());
	state.serial += 1;
	const day = new Date(input.applyTime * 1000).toISOString().slice(0, 10).replace(/-/g, '');
	const spNo = `${day}${String(state.serial).padStart(4, '0')}`;
	const nodes =
		input.nodes ??
		template.approvers.map((node) => ({
			node_type: node.type,
			sp_status: 1,
			apv_rel: node.apv_rel,
			sub_node_list: node.userid.map((userid) => ({ userid, sp_yj: 1, speech: '', sptime: 0, media_ids: [] })),
		}));
	state.applications.set(spNo, {
		sp_no: spNo,
		sp_name: template.template_names[0].text,
		sp_status: 1,
		template_id: template.template_id,
		apply_time: input.applyTime,
		applyer: { userid: user?.userid ?? input.creator, partyid: String(user?.main_department ?? 1) },
		nodes,
		apply_data: { contents: input.contents ?? [] },
		comments: [],
		summary_list: input.summaryList ?? [],
		recordType: template.recordType,
	});
	return spNo;
}

/** Two applications for the page to show: a pending leave request and an approved expense claim. @param {import('../server').WeComSandbox} sandbox */
function seedApplications(sandbox) {
	const now = Math.floor(sandbox.now() / 1000);
	const leave = [...seedTemplates().keys()][0];
	addApplication(sandbox, {
		templateId: leave,
		creator: 'zhaoliu',
		applyTime: now - 3600,
		contents: [
			{ control: 'Vacation', id: 'vacation-1563793073898', value: { vacation: { selector: { type: 'single', options: [{ key: '1', value: names('年假', 'Annual Leave') }] }, attendance: { date_range: { type: 'halfday', new_begin: now + 86400, new_end: now + 3 * 86400, new_duration: 2 * 86400 }, type: 1 } } } },
			{ control: 'Textarea', id: 'item-1497581399901', value: { text: 'Family trip' } },
		],
		summaryList: [{ summary_info: [{ text: 'Annual leave, 2 days', lang: 'en' }] }],
	});
}

/** getapprovaldetail's title for each submitted control. @param {Template} template @param {any[]} contents */
function titledContents(template, contents) {
	const titles = new Map(template.controls.map((entry) => [entry.property.id, entry.property.title]));
	return contents.map((content) => ({ control: content.control, id: content.id, title: titles.get(content.id) ?? [], value: content.value }));
}

/** approverattr of sp_record: 1 或签 (any), 2 会签 (all); apv_rel is the other way round. @param {number} relation */
const approverAttrOf = (relation) => (relation === 2 ? 1 : 2);

/** getapprovaldetail's `info`. @param {ApprovalState} state @param {Application} application */
function detailOf(state, application) {
	const template = state.templates.get(application.template_id);
	const approverNodes = application.nodes.filter((node) => node.node_type === 1);
	return {
		sp_no: application.sp_no,
		sp_name: application.sp_name,
		sp_status: application.sp_status,
		template_id: application.template_id,
		apply_time: application.apply_time,
		applyer: application.applyer,
		sp_record: approverNodes.map((node) => ({
			sp_status: node.sp_status,
			approverattr: approverAttrOf(node.apv_rel),
			details: node.sub_node_list.map((sub) => ({ approver: { userid: sub.userid }, speech: sub.speech, sp_status: sub.sp_yj, sptime: sub.sptime, media_id: sub.media_ids })),
		})),
		notifyer: application.nodes.filter((node) => node.node_type === 2).flatMap((node) => node.sub_node_list.map((sub) => ({ userid: sub.userid }))),
		apply_data: { contents: template ? titledContents(template, application.apply_data.contents) : application.apply_data.contents },
		comments: application.comments,
		process_list: { node_list: application.nodes.map((node) => ({ node_type: node.node_type, sp_status: node.sp_status, apv_rel: node.apv_rel, sub_node_list: node.sub_node_list })) },
	};
}

/**
 * The decrypted sys_approval_change WeCom sends after a change (doc 91815).
 * @param {import('../server').WeComSandbox} sandbox
 * @param {string} spNo
 * @param {number} changeEvent StatuChangeEvent
 * @returns {string | undefined}
 */
function approvalChangeXml(sandbox, spNo, changeEvent) {
	const state = approvalState(sandbox);
	const application = state.applications.get(spNo);
	if (!application) return undefined;
	const approverNodes = application.nodes.filter((node) => node.node_type === 1);
	/** @type {import('../callbacks').XmlFields} */
	const info = {
		SpNo: application.sp_no,
		SpNoStr: application.sp_no,
		SpName: application.sp_name,
		SpStatus: application.sp_status,
		TemplateId: application.template_id,
		ApplyTime: application.apply_time,
		Applyer: { UserId: application.applyer.userid, Party: application.applyer.partyid },
		SpRecord: approverNodes.map((node) => ({
			SpStatus: node.sp_status,
			ApproverAttr: approverAttrOf(node.apv_rel),
			Details: node.sub_node_list.map((sub) => ({ Approver: { UserId: sub.userid }, Speech: sub.speech, SpStatus: sub.sp_yj, SpTime: sub.sptime })),
		})),
		Notifyer: application.nodes.filter((node) => node.node_type === 2).flatMap((node) => node.sub_node_list.map((sub) => ({ UserId: sub.userid }))),
		Comments: application.comments.map((comment) => ({
			CommentUserInfo: { UserId: comment.commentUserInfo.userid },
			CommentTime: comment.commenttime,
			CommentContent: comment.commentcontent,
			CommentId: comment.commentid,
		})),
		StatuChangeEvent: changeEvent,
		ProcessList: {
			NodeList: application.nodes.map((node) => ({
				NodeType: node.node_type,
				SpStatus: node.sp_status,
				ApvRel: node.apv_rel,
				SubNodeList: node.sub_node_list.map((sub) => ({ UserId: sub.userid, Speech: sub.speech, SpYj: sub.sp_yj, Sptime: sub.sptime })),
			})),
		},
	};
	return messageXml({
		ToUserName: sandbox.corp.corpId,
		FromUserName: 'sys',
		CreateTime: Math.floor(sandbox.now() / 1000),
		MsgType: 'event',
		Event: 'sys_approval_change',
		AgentID: sandbox.corp.agentId,
		ApprovalInfo: info,
	});
}

/**
 * An approver acts on a pending application: the first pending approver step moves on (an "any"
 * step with one approval, an "all" step when everyone approved); a rejection ends it.
 * @param {import('../server').WeComSandbox} sandbox
 * @param {string} spNo
 * @param {'approve' | 'reject'} decision
 * @param {string} [speech]
 * @returns {{ application: Application, changeEvent: number } | { problem: string }}
 */
function decide(sandbox, spNo, decision, speech = '') {
	const application = approvalState(sandbox).applications.get(spNo);
	if (!application) return { problem: `No application ${spNo}` };
	if (application.sp_status !== 1) return { problem: `Application ${spNo} is not pending` };
	const step = application.nodes.find((node) => node.node_type === 1 && node.sp_status === 1);
	const approver = step?.sub_node_list.find((sub) => sub.sp_yj === 1);
	if (!step || !approver) return { problem: `Application ${spNo} has no pending approver` };
	approver.sp_yj = decision === 'approve' ? 2 : 3;
	approver.speech = speech;
	approver.sptime = Math.floor(sandbox.now() / 1000);
	if (decision === 'reject') {
		step.sp_status = 3;
		application.sp_status = 3;
		return { application, changeEvent: 3 };
	}
	const stepDone = step.apv_rel === 2 || step.sub_node_list.every((sub) => sub.sp_yj === 2);
	if (stepDone) {
		step.sp_status = 2;
		for (const sub of step.sub_node_list) if (sub.sp_yj === 1) sub.sp_yj = 2;
	}
	const pendingApprovers = application.nodes.some((node) => node.node_type === 1 && node.sp_status === 1);
	if (!pendingApprovers) {
		application.sp_status = 2;
		for (const node of application.nodes) if (node.node_type !== 1) node.sp_status = 2;
	}
	return { application, changeEvent: 2 };
}

/** @param {Application} application @param {Array<{key: string, value: string}>} filters */
function matchesFilters(application, filters) {
	const byKey = new Map();
	for (const { key, value } of filters) byKey.set(key, [...(byKey.get(key) ?? []), String(value)]);
	return [...byKey.entries()].every(([key, values]) => {
		if (key === 'template_id') return values.includes(application.template_id);
		if (key === 'creator') return values.includes(application.applyer.userid);
		if (key === 'department') return values.includes(application.applyer.partyid);
		if (key === 'sp_status') return values.includes(String(application.sp_status));
		if (key === 'record_type') return values.includes(String(application.recordType ?? ''));
		return false;
	});
}

/** @param {import('../server').WeComSandbox} sandbox */
module.exports = function registerApprovalRoutes(sandbox) {
	/** WeCom lets only apps allowed under Approval → API call these; the Contacts Sync secret gets 48002. */
	const refusal = (/** @type {import('../server').RouteContext} */ { token, ip }) =>
		token?.secretKind === 'app' ? undefined : weComError(48002, ip);

	sandbox.route('POST', '/cgi-bin/oa/gettemplatedetail', (context) => {
		const refused = refusal(context);
		if (refused) return refused;
		const template = approvalState(sandbox).templates.get(context.body.template_id);
		if (!template) return weComError(301025, context.ip, 'template_id invalid');
		return { template_names: template.template_names, template_content: { controls: template.controls } };
	});

	sandbox.route('POST', '/cgi-bin/oa/applyevent', (context) => {
		const refused = refusal(context);
		if (refused) return refused;
		const { body, ip } = context;
		const fail = (/** @type {string} */ detail) => weComError(301025, ip, detail);
		if (!knownUser(sandbox, body.creator_userid)) return fail('creator_userid invalid');
		const template = approvalState(sandbox).templates.get(body.template_id);
		if (!template) return fail('template_id invalid');
		const process = processFor(sandbox, template, body);
		if ('problem' in process) return fail(process.problem);
		const problem = contentsProblem(sandbox, template.controls, body.apply_data?.contents) ?? summaryProblem(body.summary_list);
		if (problem) return fail(problem);
		const spNo = addApplication(sandbox, {
			templateId: template.template_id,
			creator: body.creator_userid,
			applyTime: Math.floor(sandbox.now() / 1000),
			contents: body.apply_data.contents,
			nodes: process.nodes,
			summaryList: body.summary_list,
		});
		return { sp_no: spNo };
	});

	sandbox.route('POST', '/cgi-bin/oa/getapprovalinfo', (context) => {
		const refused = refusal(context);
		if (refused) return refused;
		const { body, ip } = context;
		if (!isDigits(body.starttime) || !isDigits(body.endtime)) return weComError(301025, ip, 'invalid starttime or endtime');
		const start = Number(body.starttime);
		const end = Number(body.endtime);
		if (end < start || end - start > MAX_SPAN_SECONDS) return weComError(301025, ip, 'invalid starttime or endtime');
		const size = body.size === undefined ? MAX_PAGE_SIZE : Number(body.size);
		if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) return weComError(301025, ip, 'invalid size');
		const filters = body.filters ?? [];
		if (!Array.isArray(filters) || filters.some((/** @type {any} */ entry) => !isRecord(entry) || !FILTER_KEYS.has(entry.key))) {
			return weComError(301025, ip, 'invalid filters');
		}
		const repeated = ['template_id', 'creator', 'sp_status', 'record_type'].find(
			(key) => filters.filter((/** @type {any} */ entry) => entry.key === key).length > 1,
		);
		if (repeated) return weComError(301025, ip, `filter ${repeated} can not repeat`);
		const state = approvalState(sandbox);
		const matching = [...state.applications.values()]
			.filter((application) => application.apply_time >= start && application.apply_time <= end)
			.filter((application) => matchesFilters(application, filters))
			.map((application) => application.sp_no)
			.sort();
		const offset = body.new_cursor ? Number(Buffer.from(String(body.new_cursor), 'base64').toString('utf8')) : 0;
		if (!Number.isInteger(offset) || offset < 0) return weComError(301025, ip, 'invalid new_cursor');
		const page = matching.slice(offset, offset + size);
		const next = offset + size < matching.length ? Buffer.from(String(offset + size)).toString('base64') : '';
		return { sp_no_list: page, ...(next ? { new_next_cursor: next } : {}) };
	});

	sandbox.route('POST', '/cgi-bin/oa/getapprovaldetail', (context) => {
		const refused = refusal(context);
		if (refused) return refused;
		const state = approvalState(sandbox);
		const application = state.applications.get(String(context.body.sp_no ?? ''));
		if (!application) return weComError(301025, context.ip, 'sp_no invalid');
		return { info: detailOf(state, application) };
	});

	sandbox.route(
		'GET',
		'/ui/approvals',
		() => {
			const state = approvalState(sandbox);
			return {
				templates: [...state.templates.values()].map((template) => ({ template_id: template.template_id, name: template.template_names[1]?.text ?? template.template_names[0].text })),
				applications: [...state.applications.values()]
					.sort((a, b) => b.apply_time - a.apply_time)
					.map((application) => ({
						sp_no: application.sp_no,
						sp_name: application.sp_name,
						sp_status: application.sp_status,
						applicant: application.applyer.userid,
						apply_time: application.apply_time,
						summary: application.summary_list.map((line) => line.summary_info?.[0]?.text ?? '').filter(Boolean),
					})),
			};
		},
		{ auth: false },
	);

	sandbox.route(
		'POST',
		'/ui/approvals/decide',
		({ body }) => {
			const decision = body.decision === 'reject' ? 'reject' : 'approve';
			const outcome = decide(sandbox, String(body.sp_no ?? ''), decision, typeof body.speech === 'string' ? body.speech : '');
			if ('problem' in outcome) return { ok: false, error: outcome.problem };
			return {
				ok: true,
				sp_status: outcome.application.sp_status,
				callback: { kind: 'approval', spNo: outcome.application.sp_no, changeEvent: outcome.changeEvent },
			};
		},
		{ auth: false },
	);
};

module.exports.approvalState = approvalState;
module.exports.addApplication = addApplication;
module.exports.approvalChangeXml = approvalChangeXml;
module.exports.decide = decide;
