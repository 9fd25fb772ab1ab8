/*
 * What to do about each errcode the package's operations can meet, in the node's words (a
 * department, not a party; a user ID, not a userid) and with where to look in the WeCom admin
 * console. The one table: errors.ts reads it for nodes, the credential and its test alike.
 * test/unit/errcodeHints.test.ts checks that every errcode the sandbox produces and every errcode
 * of the reference table has a hint. Source: WeCom's global error codes (doc 90313).
 */
export const ERRCODE_HINTS: Readonly<Record<number, string>> = {
	[-1]: 'WeCom was busy and kept failing after retries. Try again in a minute.',
	40001:
		'The secret is wrong, was reset, or belongs to another company. Copy the secret again from App Management → your app → Secret (or Contacts Sync → Secret) and check the Corp ID.',
	40003: 'The user ID does not exist in this company. Pick the user from the list, or check the account (账号) under Contacts (通讯录).',
	40004: 'WeCom does not accept this media type. Upload as image, voice, video or file.',
	40005: 'WeCom does not accept this file format for the chosen type: images must be JPG or PNG, voice AMR, video MP4. Send other formats as a file.',
	40006: 'The file size is not accepted: files must be over 5 bytes and at most 20 MB (voice 2 MB). Larger files can go through Media → Upload by URL.',
	40007:
		'The media ID is unknown or expired. Media IDs last 3 days and work only for the app or group bot that uploaded them; upload the file again.',
	40008: 'WeCom does not accept this message type here. Group bots and app messages support different types; check the message type.',
	40009: 'The image is too large or empty for WeCom (at most 10 MB; article images 2 MB).',
	40011: 'The video is too large or empty for WeCom (at most 10 MB, MP4).',
	40013: 'The Corp ID is wrong. Copy it from My Company → Company Information → Corp ID (企业ID).',
	40014: 'The access token was rejected even after a refresh. Check that the secret belongs to this Corp ID.',
	40050: 'The customer group (chat ID) does not exist or is not visible to this app. Take the chat_id from Get Many Customer Groups.',
	40056: 'The Agent ID does not belong to this app’s secret. Use the AgentId shown under App Management → your app, or leave the node’s Agent ID empty to use the credential’s.',
	40058: 'A parameter is missing or has the wrong format. Check the fields of this operation.',
	40088: 'The job ID is unknown. Use the jobid that Upload by URL returned; job results are kept only for a while.',
	41001: 'No access token was sent. Re-save the WeCom API credential.',
	42001: 'The access token expired and could not be refreshed. Re-save the WeCom API credential.',
	44001: 'WeCom received no file. The upload must be multipart with a part named "media"; check that the binary field holds the file.',
	44004: 'The message is empty. Fill in its text, or check the expression that fills it.',
	45002: 'The content is too long for WeCom. Shorten the text or split it into several messages.',
	45008: 'Too many articles: a news or mpnews message holds at most 8.',
	45009:
		'WeCom rejected the call because its frequency limit was reached. Slow down: add a Wait node, use batching in the node settings, or send fewer items per minute.',
	45032: 'An article’s author is too long: at most 64 bytes.',
	45033:
		'Too many concurrent calls to this WeCom API. Lower the concurrency (batching in the node settings) and try again.',
	48002:
		'This secret has no permission for this API. Contact writes need the Contacts Sync secret (通讯录同步); customer groups need the Customer Contact secret (客户联系) or an app added to its Callable Apps (可调用应用); approvals need an app listed under Admin → Approval (审批) → API → Apps That Can Call the API (可调用接口的应用) — since 2023-12-01 the Approval app’s own secret no longer works for new companies. Check the app’s API permissions in the admin console.',
	48009:
		'The Contacts Sync secret cannot read contact details from a new IP since 2022-08-15. Use List User IDs and Get Many Departments (simple list) instead, or call from an IP that was already allowed.',
	60011:
		'The app has no privilege for this member, department or tag. Add it to the app’s Visible Range (可见范围) under App Management → your app, or use the secret of the app that created it.',
	60020:
		'This n8n server’s IP is not in the app’s trusted IP list. Add it under App Management → your app → Trusted IP (企业可信IP); the change takes about a minute.',
	60111: 'The user ID was not found. Pick the user from the list, or check the account (账号) under Contacts (通讯录); user IDs are not names.',
	81013: 'None of the users, departments or tags can receive this message. Check the recipients and the app’s Visible Range.',
	81017: 'This company has more than 1000 members visible to the app: filter customer groups by owner (up to 100 owners).',
	82001: 'No recipient was given. Set users, departments or tags.',
	82002: 'Too many departments: a message takes at most 100.',
	82003: 'Too many tags: a message takes at most 100.',
	86001: 'The chat ID is not valid or already taken. A chat ID is 1 to 32 letters or digits.',
	86003: 'The chat does not exist for this app. WeCom lets an app read and post only to group chats it created itself (there is no chat list); use the chat ID that Chat → Create returned.',
	86004: 'The chat name is not valid. Use up to 50 characters.',
	86005: 'The owner is not valid: the owner must be a member of the chat. When removing the owner, set a new one.',
	86006: 'A group chat needs at least 2 and at most 2000 members.',
	86007: 'A member of the chat is not valid. Check the user IDs under Contacts.',
	86008: 'This chat was not created by this app. An app may change or post only to chats it created.',
	93000: 'The group bot webhook key is invalid. Copy the webhook URL again from the group chat’s bot settings.',
	301025:
		'WeCom refused a value of the approval form or of the request: the errmsg names the field (by its ID) or the parameter. Compare the values with the template (Approval → Get Template): required fields, option labels, user IDs inside the app’s Visible Range, dates, at most 31 days per list call.',
	301055:
		'This app may not read approval data. In Admin → Approval (审批) → API, add the app to Apps That Can Call the API (可调用接口的应用) and give it Approval Data Permission (审批数据权限); the app also sees only applicants within its Visible Range.',
	301017: 'Voice messages must be AMR. Convert the recording to AMR, or send it as a file.',
	830002: 'The file is over 20 MB and cannot be downloaded in one piece; WeCom requires Range requests of up to 20 MB for it.',

	40031: 'The list of user IDs is not valid: Delete Many takes 1 to 200 user IDs of existing members. Check them under Contacts (通讯录).',
	40032: 'Too many users in one message: at most 1000. Send to a department or tag instead, or split the recipients over several sends.',
	40068: 'The tag does not exist. Pick the tag from the list, or check it under Contacts (通讯录) → Tags.',
	40070: 'None of the users or departments in the list are valid. Check the user IDs and department IDs under Contacts (通讯录).',
	40071: 'A tag with this name already exists; tag names are unique. Choose another name, or use the existing tag (Tag → Get Many).',
	41002: 'The Corp ID is empty. Fill in Corp ID in the WeCom API credential (My Company → Company Information → Corp ID (企业ID)).',
	41004: 'The App Secret is empty. Copy it from App Management → your app → Secret into the WeCom API credential.',
	41005: 'WeCom received no file data. Check that the input binary field holds the file.',
	41010: 'The message needs a URL: fill in the link the card opens.',
	41016: 'The message needs a title: fill in Title.',
	41033: 'The message needs a description: fill in Description.',
	45029: 'The answer would be too large for WeCom. List members department by department (Get Many with a department) instead of the whole company.',
	46004: 'The user does not exist. Pick the user from the list, or check the account (账号) under Contacts (通讯录).',
	48001: 'This API is not open to this app. Check the app’s API permissions under App Management → your app, or use the secret of an app that has them.',
	48004: 'The app’s authorization is no longer valid. Check that the app is enabled under App Management, and copy its Secret again.',
	48005: 'WeCom has retired this API. Use the operation that replaced it (see the errcode page below).',
	48006: 'The app’s permission for this API was withdrawn. Check the app’s API permissions under App Management → your app.',
	60001: 'The mobile number is not valid. Use digits only, e.g. 13800000000, or +86 13800000000 with the country code.',
	60002: 'The department tree would be too deep: WeCom allows at most 15 levels. Pick a parent department higher up.',
	60003: 'The department does not exist. Pick the department from the list, or check its ID under Contacts (通讯录).',
	60004: 'The parent department does not exist. Pick the parent from the list, or check its ID under Contacts (通讯录).',
	60005: 'The department still has members. Move or delete its members first (Contacts (通讯录) → the department).',
	60006: 'The department still has sub-departments. Delete or move them first.',
	60007: 'The top department (ID 1, the company) cannot be deleted.',
	60008: 'A department with this name or ID already exists under the same parent. Choose another name, or leave Department ID empty so WeCom picks one.',
	60009: 'The department name is not valid: 1 to 32 characters, without \\ : * ? " < > |.',
	60010: 'The department would become its own ancestor. Pick a parent department outside its own branch.',
	60102: 'A member with this user ID already exists. User IDs are unique (and not case-sensitive): choose another, or update the existing member.',
	60103: 'The mobile number is not valid. Use digits only, e.g. 13800000000.',
	60104: 'Another member already has this mobile number. Each member’s mobile number is unique in the company.',
	60105: 'The email address is not valid.',
	60106: 'Another member already has this email address. Each member’s email is unique in the company.',
	60110: 'A member can be in at most 100 departments.',
	60112: 'The member’s name is not valid: 1 to 64 characters.',
	60123: 'The department ID does not exist. Pick the department from the list, or check its ID under Contacts (通讯录); department IDs are numbers, not names.',
	60124: 'The parent department ID does not exist. Pick the parent from the list, or check its ID under Contacts (通讯录).',
	86216: 'A member of the chat is not valid: every member must be a user ID in this company and in the app’s Visible Range (可见范围). Check them under Contacts (通讯录).',
	301002: 'The secret cannot act on this app: the Agent ID belongs to another app. Use the AgentId shown under App Management → your app, with that app’s Secret.',
	851003:
		'This app did not create the document, so WeCom does not let it read or edit it: an app reaches only smart sheets it created itself (Smart Sheet → Create), and the document must be allowed under Collaboration → Docs → API → Apps that can call the API (可调用接口的应用). Check the Document ID, or create the sheet with this app and share it with the members.',
	2023001:
		'A field (column) named in the request is not in the sheet. Column titles must match the sheet exactly; reload the columns in the node (they may have been renamed in WeCom) or check the field titles of your filter and sort.',
	2023010:
		'An option is not in the field’s list of options. Add the option to the single or multiple select field in the smart sheet, or use one of its labels.',
	2023012:
		'A record ID does not exist in this sheet (it was deleted, or belongs to another sheet). Take record IDs from Get Many Records or from the output of Add Records.',
	2023033:
		'WeCom refused an image: give it as pure base64 without a "data:…;base64," prefix, at most 10 MB.',
};
