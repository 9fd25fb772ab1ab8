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
const APP = 'App';
const MENU = 'Menu';
const CARDS = 'Card';
const CONTACTS = 'Contacts';
const APPROVALS = 'Approval';
const CUSTOMERS = 'Customer Contact';
const JOBS = 'Batch Job';
const SERVICE = 'Customer Service';
const CALENDAR = 'Calendar';
const MEETINGS = 'Meeting Room';
const WEDRIVE = 'WeDrive';
const LIVING = 'Living';
const ARCHIVE = 'Chat Archive';
const OTHER = 'Other';

function message(msgType: string, label: string, chinese: string): CatalogueEntry {
	return {
		value: `${MESSAGE_PREFIX}${msgType}`,
		group: MESSAGES,
		label,
		action: `On ${label.toLowerCase()} message`,
		description: `A member sent the app a ${label.toLowerCase()} message (MsgType ${msgType}, ${chinese})`,
	};
}

function event(
	group: string,
	value: string,
	label: string,
	action: string,
	chinese: string,
): CatalogueEntry {
	return { value, group, label, action, description: `Event ${value} (${chinese})` };
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
	message('text', 'Text', '文本消息'),
	message('image', 'Image', '图片消息'),
	message('voice', 'Voice', '语音消息'),
	message('video', 'Video', '视频消息'),
	message('location', 'Location', '位置消息'),
	message('link', 'Link', '链接消息'),

	event(APP, 'subscribe', 'Member Followed the App', 'On member followed the app', '成员关注'),
	event(
		APP,
		'unsubscribe',
		'Member Unfollowed the App',
		'On member unfollowed the app',
		'成员取消关注',
	),
	event(APP, 'enter_agent', 'Member Opened the App', 'On member opened the app', '进入应用'),
	event(APP, 'LOCATION', 'Location Reported', 'On location reported', '上报地理位置'),
	event(APP, 'change_app_admin', 'App Admins Changed', 'On app admins changed', '应用管理员变更'),
	event(
		APP,
		'close_inactive_agent',
		'App Paused for Inactivity',
		'On app paused for inactivity',
		'长期未使用应用临时停用',
	),
	event(APP, 'reopen_inactive_agent', 'App Reopened', 'On app reopened', '长期未使用应用重新启用'),
	event(
		APP,
		'share_agent_change',
		'Shared App Changed',
		'On shared app changed',
		'企业互联共享应用事件',
	),
	event(
		APP,
		'share_chain_change',
		'Upstream-Downstream App Changed',
		'On upstream-downstream app changed',
		'上下游共享应用事件',
	),

	event(MENU, 'click', 'Menu Clicked', 'On menu clicked', '点击菜单拉取消息'),
	event(MENU, 'view', 'Menu Link Opened', 'On menu link opened', '点击菜单跳转链接'),
	event(MENU, 'scancode_push', 'Code Scanned', 'On code scanned', '扫码推事件'),
	event(
		MENU,
		'scancode_waitmsg',
		'Code Scanned (Waiting for Reply)',
		'On code scanned and waiting for a reply',
		'扫码推事件且弹出“消息接收中”',
	),
	event(
		MENU,
		'pic_sysphoto',
		'Photo Taken With Camera',
		'On photo taken with the camera',
		'弹出系统拍照发图',
	),
	event(
		MENU,
		'pic_photo_or_album',
		'Photo From Camera or Album',
		'On photo from camera or album',
		'弹出拍照或者相册发图',
	),
	event(
		MENU,
		'pic_weixin',
		'Photo From WeChat Album',
		'On photo from WeChat album',
		'弹出微信相册发图器',
	),
	event(MENU, 'location_select', 'Location Picked', 'On location picked', '弹出地理位置选择器'),

	event(
		CARDS,
		'template_card_event',
		'Card Button Clicked',
		'On card button clicked',
		'模板卡片事件',
	),
	event(
		CARDS,
		'template_card_menu_event',
		'Card Menu Clicked',
		'On card menu clicked',
		'模板卡片右上角菜单事件',
	),
	event(
		CARDS,
		'taskcard_click',
		'Task Card Button Clicked (Legacy)',
		'On task card button clicked',
		'任务卡片事件',
	),

	event(
		CONTACTS,
		'change_contact',
		'Member, Department or Tag Changed',
		'On contact changed',
		'通讯录变更',
	),
	event(
		CONTACTS,
		'change_school_contact',
		'School Contacts Changed',
		'On school contacts changed',
		'家校通讯录变更',
	),

	event(
		APPROVALS,
		'sys_approval_change',
		'Status Changed',
		'On approval status changed',
		'审批申请状态变化',
	),
	event(
		APPROVALS,
		'open_approval_change',
		'Flow Engine Status Changed (Legacy)',
		'On approval flow engine status changed',
		'审批流程引擎状态通知',
	),

	event(
		CUSTOMERS,
		'change_external_contact',
		'Customer Changed',
		'On customer changed',
		'企业客户事件',
	),
	event(
		CUSTOMERS,
		'change_external_chat',
		'Customer Group Changed',
		'On customer group changed',
		'客户群事件',
	),
	event(
		CUSTOMERS,
		'change_external_tag',
		'Customer Tag Changed',
		'On customer tag changed',
		'企业客户标签事件',
	),
	event(
		CUSTOMERS,
		'customer_acquisition',
		'Acquisition Link Event',
		'On acquisition link event',
		'获客助手事件',
	),

	event(
		JOBS,
		'batch_job_result',
		'Contacts Import Finished',
		'On batch job finished',
		'异步任务完成',
	),
	event(
		JOBS,
		'upload_media_job_finish',
		'Upload by URL Finished',
		'On upload by URL finished',
		'异步上传临时素材结果',
	),

	event(
		SERVICE,
		'kf_msg_or_event',
		'Message or Event',
		'On customer service message or event',
		'微信客服消息与事件',
	),

	event(CALENDAR, 'modify_calendar', 'Calendar Changed', 'On calendar changed', '修改日历'),
	event(CALENDAR, 'delete_calendar', 'Calendar Deleted', 'On calendar deleted', '删除日历'),
	event(CALENDAR, 'add_schedule', 'Event Added', 'On calendar event added', '添加日程'),
	event(CALENDAR, 'modify_schedule', 'Event Changed', 'On calendar event changed', '修改日程'),
	event(CALENDAR, 'delete_schedule', 'Event Deleted', 'On calendar event deleted', '删除日程'),
	event(CALENDAR, 'respond_schedule', 'Event Answered', 'On calendar event answered', '日程回执'),

	event(MEETINGS, 'book_meeting_room', 'Booked', 'On meeting room booked', '会议室预定'),
	event(
		MEETINGS,
		'cancel_meeting_room',
		'Booking Cancelled',
		'On meeting room booking cancelled',
		'会议室取消',
	),

	event(
		WEDRIVE,
		'wedrive_insufficient_capacity',
		'Storage Running Out',
		'On WeDrive storage running out',
		'微盘容量不足',
	),

	event(
		LIVING,
		'living_status_change',
		'Live Stream Status Changed',
		'On live stream status changed',
		'直播状态变更',
	),

	event(
		ARCHIVE,
		'msgaudit_notify',
		'New Archived Messages',
		'On new archived messages',
		'会话内容存档：产生会话回调',
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
