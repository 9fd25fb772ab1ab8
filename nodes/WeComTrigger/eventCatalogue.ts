import type { INodePropertyOptions } from 'n8n-workflow';

/*
 * Every callback a WeCom self-built app can receive, in one list. The trigger's Events filter, the
 * "On …" actions of n8n's node panel (n8n builds one action per option of a trigger's "Events"
 * property and sets that property to exactly the picked value) and the filter code all read it.
 *
 * Sources: WeCom docs 90239 (messages), 90240 (app events), 90970-90973 (contacts, batch jobs),
 * 91815 (sys_approval_change), 90269 (open_approval_change), 92130/92277 (customer contact),
 * 94670 (customer service), 93704 (calendar), 93619 (meeting rooms), 94581 (living), 95856 (WeDrive).
 */

/** Matches any message a member sends the app, whatever its MsgType. */
export const ANY_MESSAGE = 'message';
/** Matches any callback whose MsgType or Event is not in this catalogue (new WeCom events). */
export const UNLISTED = 'unlisted';
/** Prefix of the values that select one message type, e.g. "message.text". */
export const MESSAGE_PREFIX = 'message.';

export interface CatalogueEntry {
	/** What the workflow stores: an Event name, "message.<MsgType>", ANY_MESSAGE or UNLISTED. */
	value: string;
	/** Heading in the list; the entries are named "<group>: <label>". */
	group: string;
	label: string;
	/** The node panel's action text. */
	action: string;
	/** Shown under the option: what it is, with WeCom's own name. */
	description: string;
}

const MESSAGES = 'Message';
const OTHER = 'Other';

/** [MsgType, label, WeCom's name of the message (doc 90239)]. */
type MessageRow = readonly [msgType: string, label: string, chinese: string];

/**
 * [Event, label, WeCom's name of the event, action text]. The action text is left out where it
 * is "On <label in lower case>".
 */
type EventRow = readonly [value: string, label: string, chinese: string, action?: string];

const MESSAGE_TYPES: readonly MessageRow[] = [
	['text', 'Text', '文本消息'],
	['image', 'Image', '图片消息'],
	['voice', 'Voice', '语音消息'],
	['video', 'Video', '视频消息'],
	['location', 'Location', '位置消息'],
	['link', 'Link', '链接消息'],
];

/** The events by topic; the topic is the entry's group. Key order is the catalogue's order. */
const EVENTS_BY_GROUP: Readonly<Record<string, readonly EventRow[]>> = {
	App: [
		['subscribe', 'Member Followed the App', '成员关注'],
		['unsubscribe', 'Member Unfollowed the App', '成员取消关注'],
		['enter_agent', 'Member Opened the App', '进入应用'],
		['LOCATION', 'Location Reported', '上报地理位置'],
		['change_app_admin', 'App Admins Changed', '应用管理员变更'],
		['close_inactive_agent', 'App Paused for Inactivity', '长期未使用应用临时停用'],
		['reopen_inactive_agent', 'App Reopened', '长期未使用应用重新启用'],
		['share_agent_change', 'Shared App Changed', '企业互联共享应用事件'],
		['share_chain_change', 'Upstream-Downstream App Changed', '上下游共享应用事件'],
	],
	Menu: [
		['click', 'Menu Clicked', '点击菜单拉取消息'],
		['view', 'Menu Link Opened', '点击菜单跳转链接'],
		['scancode_push', 'Code Scanned', '扫码推事件'],
		[
			'scancode_waitmsg',
			'Code Scanned (Waiting for Reply)',
			'扫码推事件且弹出“消息接收中”',
			'On code scanned and waiting for a reply',
		],
		[
			'pic_sysphoto',
			'Photo Taken With Camera',
			'弹出系统拍照发图',
			'On photo taken with the camera',
		],
		['pic_photo_or_album', 'Photo From Camera or Album', '弹出拍照或者相册发图'],
		['pic_weixin', 'Photo From WeChat Album', '弹出微信相册发图器', 'On photo from WeChat album'],
		['location_select', 'Location Picked', '弹出地理位置选择器'],
	],
	Card: [
		['template_card_event', 'Card Button Clicked', '模板卡片事件'],
		['template_card_menu_event', 'Card Menu Clicked', '模板卡片右上角菜单事件'],
		[
			'taskcard_click',
			'Task Card Button Clicked (Legacy)',
			'任务卡片事件',
			'On task card button clicked',
		],
	],
	Contacts: [
		['change_contact', 'Member, Department or Tag Changed', '通讯录变更', 'On contact changed'],
		['change_school_contact', 'School Contacts Changed', '家校通讯录变更'],
	],
	Approval: [
		['sys_approval_change', 'Status Changed', '审批申请状态变化', 'On approval status changed'],
		[
			'open_approval_change',
			'Flow Engine Status Changed (Legacy)',
			'审批流程引擎状态通知',
			'On approval flow engine status changed',
		],
	],
	'Customer Contact': [
		['change_external_contact', 'Customer Changed', '企业客户事件'],
		['change_external_chat', 'Customer Group Changed', '客户群事件'],
		['change_external_tag', 'Customer Tag Changed', '企业客户标签事件'],
		['customer_acquisition', 'Acquisition Link Event', '获客助手事件'],
	],
	'Batch Job': [
		['batch_job_result', 'Contacts Import Finished', '异步任务完成', 'On batch job finished'],
		[
			'upload_media_job_finish',
			'Upload by URL Finished',
			'异步上传临时素材结果',
			'On upload by URL finished',
		],
	],
	'Customer Service': [
		[
			'kf_msg_or_event',
			'Message or Event',
			'微信客服消息与事件',
			'On customer service message or event',
		],
	],
	Calendar: [
		['modify_calendar', 'Calendar Changed', '修改日历'],
		['delete_calendar', 'Calendar Deleted', '删除日历'],
		['add_schedule', 'Event Added', '添加日程', 'On calendar event added'],
		['modify_schedule', 'Event Changed', '修改日程', 'On calendar event changed'],
		['delete_schedule', 'Event Deleted', '删除日程', 'On calendar event deleted'],
		['respond_schedule', 'Event Answered', '日程回执', 'On calendar event answered'],
	],
	'Meeting Room': [
		['book_meeting_room', 'Booked', '会议室预定', 'On meeting room booked'],
		['cancel_meeting_room', 'Booking Cancelled', '会议室取消', 'On meeting room booking cancelled'],
	],
	WeDrive: [
		[
			'wedrive_insufficient_capacity',
			'Storage Running Out',
			'微盘容量不足',
			'On WeDrive storage running out',
		],
	],
	Living: [['living_status_change', 'Live Stream Status Changed', '直播状态变更']],
	'Chat Archive': [['msgaudit_notify', 'New Archived Messages', '会话内容存档：产生会话回调']],
};

function messageEntry([msgType, label, chinese]: MessageRow): CatalogueEntry {
	return {
		value: `${MESSAGE_PREFIX}${msgType}`,
		group: MESSAGES,
		label,
		action: `On ${label.toLowerCase()} message`,
		description: `A member sent the app a ${label.toLowerCase()} message (MsgType ${msgType}, ${chinese})`,
	};
}

function eventEntry(group: string, [value, label, chinese, action]: EventRow): CatalogueEntry {
	return {
		value,
		group,
		label,
		action: action ?? `On ${label.toLowerCase()}`,
		description: `Event ${value} (${chinese})`,
	};
}

export const CALLBACK_CATALOGUE: readonly CatalogueEntry[] = [
	{
		value: ANY_MESSAGE,
		group: MESSAGES,
		label: 'Any Message From a Member',
		action: 'On message from a member',
		description:
			'A member sent the app a message of any type: the start of an auto-reply or chat bot (接收普通消息)',
	},
	...MESSAGE_TYPES.map(messageEntry),
	...Object.entries(EVENTS_BY_GROUP).flatMap(([group, rows]) =>
		rows.map((row) => eventEntry(group, row)),
	),
	{
		value: UNLISTED,
		group: OTHER,
		label: 'Any Callback Not Listed Here',
		action: 'On any other WeCom callback',
		description:
			'Callbacks whose MsgType or Event is none of the above, e.g. events WeCom adds later. They arrive as WeCom sent them.',
	},
];

/** Every Event name in the catalogue. */
export const LISTED_EVENTS: ReadonlySet<string> = new Set(
	CALLBACK_CATALOGUE.filter((entry) => entry.group !== MESSAGES && entry.value !== UNLISTED).map(
		(entry) => entry.value,
	),
);

/** Every MsgType with its own entry. */
export const LISTED_MESSAGE_TYPES: ReadonlySet<string> = new Set(
	CALLBACK_CATALOGUE.filter((entry) => entry.value.startsWith(MESSAGE_PREFIX)).map((entry) =>
		entry.value.slice(MESSAGE_PREFIX.length),
	),
);

/**
 * The catalogue as the options of a multiOptions property, in the catalogue's order: grouped by
 * topic with messages first, so the node panel's first action is the most common start ("On
 * message from a member"). The order is by topic, not alphabetical, on purpose.
 */
export const EVENT_OPTIONS: INodePropertyOptions[] = CALLBACK_CATALOGUE.map((entry) => ({
	name: `${entry.group}: ${entry.label}`,
	value: entry.value,
	action: entry.action,
	description: entry.description,
}));

/*
 * ChangeType and StatuChangeEvent values, for the sub-filters of the events that carry one.
 */

/** ChangeType of change_contact (docs 90970-90972). */
export const CONTACT_CHANGE_TYPES: INodePropertyOptions[] = [
	{ name: 'Department Created', value: 'create_party' },
	{ name: 'Department Deleted', value: 'delete_party' },
	{ name: 'Department Updated', value: 'update_party' },
	{ name: 'Member Created', value: 'create_user' },
	{ name: 'Member Deleted', value: 'delete_user' },
	{ name: 'Member Updated', value: 'update_user' },
	{ name: 'Tag Members Changed', value: 'update_tag' },
];

/** ChangeType of change_external_contact (doc 92130). */
export const CUSTOMER_CHANGE_TYPES: INodePropertyOptions[] = [
	{ name: 'Customer Added', value: 'add_external_contact' },
	{ name: 'Customer Added Without Verification', value: 'add_half_external_contact' },
	{ name: 'Customer Deleted by Member', value: 'del_external_contact' },
	{ name: 'Customer Edited', value: 'edit_external_contact' },
	{ name: 'Chat Archive Approved by Customer', value: 'msg_audit_approved' },
	{ name: 'Member Deleted by Customer', value: 'del_follow_user' },
	{ name: 'Transfer Failed', value: 'transfer_fail' },
];

/** ChangeType of change_external_chat (doc 92130). */
export const CUSTOMER_GROUP_CHANGE_TYPES: INodePropertyOptions[] = [
	{ name: 'Group Created', value: 'create' },
	{ name: 'Group Dismissed', value: 'dismiss' },
	{ name: 'Group Updated', value: 'update' },
];

/** ChangeType of change_external_tag (doc 92130). */
export const CUSTOMER_TAG_CHANGE_TYPES: INodePropertyOptions[] = [
	{ name: 'Tag Created', value: 'create' },
	{ name: 'Tag Deleted', value: 'delete' },
	{ name: 'Tag Updated', value: 'update' },
	{ name: 'Tags Reordered', value: 'shuffle' },
];
