"""zh_CN translations of the salon addons, read by scripts/update_po.py.

TRANSLATIONS maps a msgid to its translation; CONTEXTS maps a (msgctxt,
msgid) of the .po to the translation of the msgid in that place only, where
a word needs another rendering (a button "Done" is 完成, a state 已完成).
Words follow shared/GLOSSARY.md.  Keep the %(name)s placeholders.
"""

CONTEXTS = {
    ('model:ir.model.button,string:appointment_do_button', 'Done'): '完成',
    ('field:salon.followup,planned:', 'Planned'): '计划时间',
    ('field:salon.client.export,count:', 'Clients'): '顾客数',
    ('selection:salon.card,state:', 'Active'): '有效',
    ('selection:salon.card.line,type:', 'Expiry'): '到期',
    ('selection:salon.card.manage.start,operation:', 'Close'): '注销',
    ('selection:salon.shift.swap,state:', 'Refused'): '已拒绝',
    # loyalty (wip/loyalty)
    ('field:salon.membership.tier,threshold:', 'Threshold'): '升级门槛',
    ('selection:salon.points.line,type:', 'Expired'): '过期',
    ('selection:salon.membership.reward,kind:', 'Referred'): '被介绍人',
    # the member at the POS (wip/pos)
    ('field:sale.point.sale,salon_card_balance:', 'Stored Value'):
        '储值余额',
    }

TRANSLATIONS = {
    # ---------------------------------------------------------- generic
    'Name': '名称',
    'Code': '代码',
    'Company': '公司',
    'Currency': '币种',
    'Date': '日期',
    'Employee': '员工',
    'Notes': '备注',
    'Product': '产品',
    'Quantity': '数量',
    'Unit': '单位',
    'User': '用户',
    'State': '状态',
    'Type': '类型',
    'Kind': '类型',
    'Sequence': '序号',
    'Number': '编号',
    'Price': '价格',
    'Color': '颜色',
    'Address': '地址',
    'Phone': '电话',
    'Reason': '原因',
    'File': '文件',
    'File Name': '文件名',
    'Fields': '导出字段',
    'Result': '结果',
    'Outcome': '结果',
    'Source': '来源',
    'Template': '产品模板',
    'Line': '明细行',
    'Start': '开始',
    'End': '结束',
    'Start Time': '开始时间',
    'End Time': '结束时间',
    'Duration': '时长',
    'Capacity': '容纳人数',
    'Timezone': '时区',
    'Warehouse': '仓库',
    'Manager': '店长',
    'Staff': '员工',
    'Configuration': '配置',
    'History': '历史',
    'Profile': '基本资料',
    'Import': '导入',
    'Back': '返回',
    'Check': '检查',
    'Close': '关闭',
    'Cancel': '取消',
    'Confirm': '确认',
    'All': '全部',
    'Due': '待处理',
    'Other': '其他',
    '-': '-',
    'Sale': '销售单',
    'POS Sale': 'POS 销售单',
    'POS Sales': 'POS 销售单',
    'Points of Sale': '收银点',
    'Draft': '草稿',
    'Done': '已完成',
    'Cancelled': '已取消',
    'Planned': '已计划',
    'Reset to Draft': '重置为草稿',
    # ---------------------------------------------------------- salon
    'Salon': '美容美发',
    'Salon Configuration': '美容美发配置',
    'Salon Role': '门店岗位',
    'Salon HQ': '美容美发总部',
    'Salon Accountant': '美容美发会计',
    'Salon Store Manager': '美容美发店长',
    'Salon Receptionist / Cashier': '美容美发前台 / 收银员',
    'Salon Stylist / Therapist': '美容美发发型师 / 理疗师',
    'Salon Client Export': '顾客档案导出',
    'Store': '门店',
    'Stores': '门店',
    'Salon Store': '美容美发门店',
    'User - Salon Store': '用户 - 门店',
    'Home Store': '所属门店',
    'Receptionist': '前台',
    'Store Manager': '店长',
    'Therapist': '理疗师',
    'Stylist': '发型师',
    # ---------------------------------------------------------- client
    'Client': '顾客',
    'Clients': '顾客',
    'Salon Client': '门店顾客',
    'Allergies': '过敏史',
    'Anonymised': '已匿名化',
    'Birthday': '生日',
    'Treatment Records': '护理记录',
    'First Visit': '首次到店',
    'Last Visit': '最近到店',
    'Legacy Last Visit': '旧系统最近到店',
    'Legacy Spent': '旧系统消费金额',
    'Lifecycle': '生命周期',
    'Marketing Consent': '同意接收营销信息',
    'Preferences': '偏好',
    'Referred By': '转介绍人',
    'Frequency Score': '消费频次评分(F)',
    'Monetary Score': '消费金额评分(M)',
    'Recency Score': '最近消费时间评分(R)',
    'Skin Type': '肤质',
    'Total Spent': '累计消费金额',
    'Unanswered Contacts': '未应答联系次数',
    'Value Tier': '价值等级',
    'Visits': '到店次数',
    'Gender': '性别',
    'Female': '女',
    'Male': '男',
    'Health and Preferences': '健康与偏好',
    'Segments': '顾客分群',
    'Recompute Segments': '重新计算分群',
    'Legacy Tags': '旧系统标签',
    'Prospect': '潜在客',
    'New': '新客',
    'Active': '活跃客',
    'Sleeping': '沉睡客',
    'Lost': '流失客',
    'High Value': '高价值',
    'Medium Value': '中价值',
    'Low Value': '低价值',
    'Value Tiers': '价值等级',
    'Dry': '干性',
    'Oily': '油性',
    'Combination': '混合性',
    'Normal': '中性',
    'Sensitive': '敏感性',
    'Walk-in': '自然进店',
    'Referral': '转介绍',
    'Online': '在线预约',
    'Meituan': '美团',
    'Douyin': '抖音',
    'WeChat': '微信',
    'Migration': '系统迁移',
    'App': 'App',
    'Client Exports': '顾客档案导出记录',
    'Export Personal Data': '导出个人数据',
    'Anonymise Clients Past Retention': '匿名化超过保存期限的顾客',
    'Compute Client Segments': '计算顾客分群',
    'Flag Overdue Follow-ups': '标记逾期回访',
    'Salon Client Personal Data Result': '顾客个人数据导出结果',
    'Service and Privacy': '服务与隐私',
    # ---------------------------------------------------------- config
    'Active Client Days': '活跃客天数',
    'Complaint SLA Hours': '投诉处理时限（小时）',
    'Lost After Contacts': '流失前联系次数',
    'New Client Days': '新客天数',
    'Default Phone Region': '默认电话地区',
    'Retention Years': '档案保存年限',
    'RFM Scope': 'RFM 统计范围',
    'High Value From': '高价值起点',
    'Medium Value From': '中价值起点',
    'Per Home Store': '按所属门店',
    'Whole Chain': '整个连锁',
    # ---------------------------------------------------------- consultation
    'Consultation': '护理记录',
    'Salon Consultation': '护理记录',
    'Salon Consultation - Product': '护理记录 - 产品',
    'Salon Consultation Product Used': '护理记录使用产品',
    'Home-Care Advice': '居家护理建议',
    'Products Used': '使用产品',
    'Services': '服务项目',
    'Service': '服务项目',
    'Skin Condition': '皮肤状况',
    'Treatment': '护理',
    'Care Report': '护理报告',
    'Care Report / 护理报告': '护理报告',
    'Client / 顾客:': '顾客：',
    'Date / 日期:': '日期：',
    'Employee / 服务人员:': '服务人员：',
    'Home-care advice / 居家护理建议:': '居家护理建议：',
    'Products used / 使用产品:': '使用产品：',
    'Services / 服务项目:': '服务项目：',
    'Skin condition / 皮肤状况:': '皮肤状况：',
    # ---------------------------------------------------------- follow-up
    'Follow-ups': '回访',
    'Follow-up Rules': '回访规则',
    'Salon Followup': '回访',
    'Salon Followup Rule': '回访规则',
    'Channel': '渠道',
    'Complaint': '投诉',
    'Done On': '完成时间',
    'Escalated To': '升级至',
    'Escalated': '已升级至店长',
    'Escalation': '升级至店长',
    'Feedback': '反馈',
    'Overdue': '已逾期',
    'Rating': '满意度评分',
    'SLA Due': '处理截止时间',
    'Delay (hours)': '延迟（小时）',
    'Record Result': '记录结果',
    'Plan Again': '重新计划',
    'E-mail': '电子邮件',
    'In Store': '到店',
    'SMS': '短信',
    'After Visit': '到店后回访',
    'Re-activation': '唤醒',
    'No Answer': '未应答',
    'Reached': '已联系上',
    'Refused': '拒绝',
    # ---------------------------------------------------------- import
    'Import Legacy Clients': '导入旧系统顾客',
    'Salon Client Import Check': '顾客导入检查',
    'Salon Client Import Check Line': '顾客导入检查明细',
    'Salon Client Import Record': '顾客导入记录',
    'Salon Client Import Start': '顾客导入开始',
    'Clients to Create': '待创建顾客',
    'Rows': '行',
    'Row': '行号',
    'Rows to Merge': '待合并行',
    'Rows Rejected': '被拒绝行',
    'Existing Client': '已有顾客',
    'Match': '匹配方式',
    'Merged into Row': '合并至行',
    'Digest': '摘要',
    'Already Imported': '已导入',
    'Same Name and Birthday': '姓名和生日相同',
    'Same Phone': '电话相同',
    'Created': '已创建',
    'Merged': '已合并',
    'Rejected': '已拒绝',
    # ---------------------------------------------------------- rules
    'User in companies': '用户所属公司',
    'salon.consultation: hq': '护理记录：总部',
    'salon.consultation: manager': '护理记录：店长',
    'salon.consultation: reception': '护理记录：前台',
    'salon.consultation: stylist': '护理记录：发型师',
    'salon.followup: hq': '回访：总部',
    'salon.followup: manager': '回访：店长',
    'salon.followup: reception': '回访：前台',
    'salon.followup: stylist': '回访：发型师',
    'party.party: accountant': '顾客：会计',
    'party.party: hq': '顾客：总部',
    'party.party: manager': '顾客：店长',
    'party.party: reception': '顾客：前台',
    'party.party: stylist': '顾客：发型师',
    'sale.point.sale: accountant': 'POS 销售单：会计',
    'sale.point.sale: hq': 'POS 销售单：总部',
    'sale.point.sale: manager': 'POS 销售单：店长',
    'sale.point.sale: reception': 'POS 销售单：前台',
    'sale.point.sale: stylist': 'POS 销售单：发型师',
    'salon.appointment: manager': '预约：店长',
    'salon.appointment: reception': '预约：前台',
    'salon.appointment: stylist': '预约：发型师',
    'salon.shift: manager': '排班：店长',
    'salon.shift: reception': '排班：前台',
    'salon.shift: stylist': '排班：发型师',
    # ---------------------------------------------------------- help
    '\n- "salon_stores" as list of store ids of the current user'
    '\n- "salon_employees" as list of employee ids of the current user':
        '\n- "salon_stores"：当前用户的门店 ID 列表'
        '\n- "salon_employees"：当前用户的员工 ID 列表',
    'Shown at check-in: products the client must not get.':
        '到店签到时显示：不可对该顾客使用的产品。',
    'The client file was anonymised after the retention period.':
        '顾客档案已在保存期满后匿名化。',
    'Check for the clients of the salon chain.': '勾选表示连锁门店的顾客。',
    'The last visit recorded by the legacy software.':
        '旧系统记录的最近到店日期。',
    'The total spent before the migration, from the legacy software.':
        '迁移前在旧系统中的累计消费金额。',
    'The client agreed to receive marketing messages.':
        '顾客同意接收营销信息。',
    'The employee who owns the client relationship.':
        '负责维护该顾客关系的员工。',
    'Re-activation contacts without answer since the last visit.':
        '自最近到店以来未获应答的唤醒联系次数。',
    'The stores whose clients, bookings and sales the user may see.':
        '该用户可查看其顾客、预约和销售的门店。',
    'The employee who served this line; commissions key on it.':
        '提供此项服务的员工；提成据此计算。',
    'The earlier row of the file that creates the client.':
        '文件中创建该顾客的前一行。',
    'The client list exported from the legacy software, as CSV (UTF-8) or '
    'XLSX with the columns name, phone, gender, birthday, store, tags, '
    'notes, total_spent and last_visit.':
        '从旧系统导出的顾客列表，格式为 CSV（UTF-8）或 XLSX，包含以下列：'
        'name、phone、gender、birthday、store、tags、notes、total_spent '
        '和 last_visit。',
    'A client whose last visit is at most this many days old is active; '
    'older visits make the client sleeping.':
        '最近到店在此天数以内的顾客为活跃客；超过则为沉睡客。',
    'Hours the store manager has to handle an escalated follow-up.':
        '店长处理已升级回访的时限（小时）。',
    'A sleeping client becomes lost after this many unanswered '
    're-activation contacts.':
        '沉睡客在达到此次数的唤醒联系均未应答后变为流失客。',
    'A client whose first visit is at most this many days old is new.':
        '首次到店在此天数以内的顾客为新客。',
    'The ISO country code used to read phone numbers written without their '
    'international prefix.':
        '用于识别未带国际区号的电话号码的 ISO 国家代码。',
    'Anonymise clients without a visit for this many years.\n'
    'Leave empty to keep client files forever.':
        '超过此年数未到店的顾客将被匿名化。\n留空则永久保存顾客档案。',
    'Rank clients against the whole chain or against the clients of their '
    'home store.':
        '在整个连锁内或在所属门店的顾客中对顾客进行排名。',
    'The minimal sum of the R, F and M scores of a high value client.':
        '高价值顾客的 R、F、M 评分之和的最低值。',
    'The minimal sum of the R, F and M scores of a medium value client.':
        '中价值顾客的 R、F、M 评分之和的最低值。',
    'Who contacts the client.': '负责联系顾客的人员。',
    'Satisfaction from 1 (very unhappy) to 5 (very happy).':
        '满意度从 1（非常不满意）到 5（非常满意）。',
    'Hours after the sale when the client is contacted.':
        '销售后多少小时联系顾客。',
    'Leave empty for the rules of every store without its own.':
        '留空则作为所有未设置自有规则门店的规则。',
    'Choose the client list of the legacy software (CSV in UTF-8 or XLSX). '
    'Check shows what the import would do without changing anything.':
        '选择旧系统的顾客列表（UTF-8 编码的 CSV 或 XLSX）。'
        '“检查”会显示导入将执行的操作，但不做任何更改。',
    # ---------------------------------------------------------- messages
    'Anonymised client %(id)s': '已匿名化顾客 %(id)s',
    'The birthday %(birthday)s of client "%(client)s" is in the future.':
        '顾客“%(client)s”的生日 %(birthday)s 晚于今天。',
    'You are not allowed to export client files. Ask HQ for the '
    '"Salon Client Export" access.':
        '您无权导出顾客档案。请向总部申请“顾客档案导出”权限。',
    'The amount "%(amount)s" cannot be read: write it as a number such as '
    '1280.50.':
        '无法识别金额“%(amount)s”：请写成数字，例如 1280.50。',
    'The amount %(amount)s is negative.': '金额 %(amount)s 为负数。',
    'The birthday %(birthday)s is in the future.':
        '生日 %(birthday)s 晚于今天。',
    'The file misses the columns %(columns)s: its first row must name the '
    'columns.':
        '文件缺少列 %(columns)s：文件第一行必须为列名。',
    'The date "%(date)s" in column "%(column)s" cannot be read: write it as '
    '1990-11-15.':
        '无法识别列“%(column)s”中的日期“%(date)s”：请写成 1990-11-15 格式。',
    'The file cannot be read: save the client list as CSV in UTF-8 or as '
    'XLSX.':
        '无法读取文件：请将顾客列表另存为 UTF-8 编码的 CSV 或 XLSX。',
    'The row has neither a name nor a phone: fill in at least one of them.':
        '该行既无姓名也无电话：请至少填写其中一项。',
    'The phone "%(phone)s" is not a valid number.':
        '电话“%(phone)s”不是有效号码。',
    'A row of a legacy file can be imported only once.':
        '旧系统文件中的每一行只能导入一次。',
    'The row has no store: fill in the store of the client.':
        '该行没有门店：请填写顾客所属门店。',
    'The store "%(store)s" is unknown: use the name or the code of a store.':
        '未知门店“%(store)s”：请使用门店的名称或代码。',
    'The setting "%(field)s" must be greater than zero.':
        '设置项“%(field)s”必须大于零。',
    'The quantity of product "%(product)s" cannot be negative.':
        '产品“%(product)s”的数量不能为负数。',
    'The unit "%(unit)s" does not measure product "%(product)s": use a unit '
    'of the same category as the product\'s.':
        '单位“%(unit)s”不适用于产品“%(product)s”：请使用与该产品单位同类的单位。',
    'Low satisfaction rating %(rating)s after a visit at %(store)s. '
    'Feedback: %(feedback)s':
        '顾客在%(store)s到店后的满意度评分偏低：%(rating)s。'
        '反馈：%(feedback)s',
    'The rating of follow-up "%(followup)s" must be between 1 and 5.':
        '回访“%(followup)s”的满意度评分必须在 1 到 5 之间。',
    'Set the result of follow-up "%(followup)s" before recording it.':
        '记录回访“%(followup)s”前，请先设置其结果。',
    'You are not allowed to export the personal data of client '
    '"%(client)s". Ask HQ or your store manager to export it.':
        '您无权导出顾客“%(client)s”的个人数据。请由总部或店长导出。',
    'The store code must be unique in the company.':
        '门店代码在公司内必须唯一。',
    # ---------------------------------------------------------- booking
    'Skills': '技能',
    'Skill': '技能',
    'Salon Skill': '技能',
    'Company Employee - Salon Skill': '员工 - 技能',
    'Product Template - Salon Skill': '产品模板 - 技能',
    'No-shows': '爽约次数',
    'Buffer': '整理时间',
    'Processing Gap': '等候间隙',
    'Processing Start': '等候开始',
    'Room Type': '房间类型',
    'Salon Service': '门店服务项目',
    'Busy Intervals': '占用时段',
    'Cancellation Reason': '取消原因',
    'Cancellation': '取消',
    'Late Cancellation': '临时取消',
    'Room': '护理间',
    'Rooms': '护理间',
    'Salon Room': '护理间',
    'Appointment': '预约',
    'Appointments': '预约',
    'All Appointments': '全部预约',
    'Salon Appointment': '预约',
    'Salon Appointment Busy': '预约占用时段',
    'Salon Appointment Line': '预约明细',
    'Appointment State': '预约状态',
    'Booking': '预约',
    'Booking Step': '预约时间间隔',
    'Closed Days': '休息日',
    'Opening Hours': '营业时间',
    'Closes': '打烊时间',
    'Opens': '开门时间',
    'Weekday': '星期',
    'Roster': '排班',
    'Salon Shift': '班次',
    'Salon Store Closed Day': '门店休息日',
    'Salon Store Opening': '门店营业时间',
    'Check In': '到店签到',
    'Checkout': '结账',
    'No Show': '爽约',
    'Arrived': '已到店',
    'Confirmed': '已确认',
    'Bed': '美容床',
    'Chair': '座位',
    'Equipment': '仪器',
    'Treatment Room': '护理间',
    'Wash Basin': '洗头盆',
    'Machine': '设备',
    # extra resources of a service (wip/resource)
    'Extra Resources': '附加资源',
    'Resource': '资源',
    'Salon Appointment Line - Salon Room': '预约明细 - 护理间',
    'The other kinds of resource (e.g. a machine) the service needs at the '
    'same time as its room: one of each.':
        '该服务在使用护理间的同时还需要的其他资源类型（例如设备）：'
        '每种各一个。',
    'One resource of each extra type the service needs.':
        '该服务所需的每种附加资源类型各一个。',
    'The store "%(store)s" has no resource of type "%(type)s" for '
    '"%(service)s".':
        '门店“%(store)s”没有“%(service)s”所需的“%(type)s”类型资源。',
    '"%(service)s" needs a resource of type "%(type)s" at the same time: '
    'add one to "%(record)s".':
        '“%(service)s”同时需要一个“%(type)s”类型的资源：'
        '请在“%(record)s”中添加。',
    'The resource "%(resource)s" is not of a type "%(service)s" needs '
    '(%(types)s). Remove it or choose another one.':
        '资源“%(resource)s”不是“%(service)s”所需的类型（%(types)s）。'
        '请移除或选择其他资源。',
    '"%(record)s" holds more than one resource of type "%(type)s": keep '
    'one.':
        '“%(record)s”含有多个“%(type)s”类型的资源：请只保留一个。',
    'The resource "%(resource)s" is not one of the store "%(store)s". '
    'Choose a resource of the store.':
        '资源“%(resource)s”不属于门店“%(store)s”。请选择该门店的资源。',
    'The resource "%(resource)s" is already booked from %(start)s to '
    '%(end)s. Choose another time or resource.':
        '资源“%(resource)s”在 %(start)s 至 %(end)s 已被预约。'
        '请选择其他时间或资源。',
    'Monday': '星期一',
    'Tuesday': '星期二',
    'Wednesday': '星期三',
    'Thursday': '星期四',
    'Friday': '星期五',
    'Saturday': '星期六',
    'Sunday': '星期日',
    'In minutes, the cleanup after the service: the employee and the room '
    'stay busy.':
        '服务后的整理时间（分钟）：期间员工和护理间仍被占用。',
    'In minutes, the time the client spends on the service.':
        '顾客接受该服务所需的时间（分钟）。',
    'In minutes, the time (e.g. colour developing) during which the employee '
    'is free for another client while the room stays busy.':
        '等候时间（分钟，例如染发上色）：期间员工可服务其他顾客，'
        '但护理间仍被占用。',
    'In minutes after the start, when the processing gap begins.':
        '服务开始后多少分钟进入等候间隙。',
    'The kind of room the service needs, if any.':
        '该服务所需的房间类型（如有）。',
    'Check to book the service in the salon appointments.':
        '勾选后可在门店预约中预约此服务。',
    'The skills an employee needs to perform the service.':
        '员工提供该服务所需的技能。',
    'The main employee, by default on each line.':
        '主要服务员工，默认用于每一行明细。',
    "Cancelled within the store's late-cancellation delay.":
        '在门店规定的临时取消时限内取消。',
    'The clients the room seats; a booking takes the whole room: create one '
    'room per chair that is booked separately.':
        '护理间可容纳的顾客数；一个预约占用整个护理间：'
        '需单独预约的每个座位请各建一个护理间。',
    'In minutes, the interval between two proposed start times.':
        '两个可选开始时间之间的间隔（分钟）。',
    'In hours before the start, from when a cancellation is late.':
        '开始前多少小时内取消视为临时取消。',
    'Leave empty to bound the bookings by the shifts only.':
        '留空则仅按排班限制预约时间。',
    'You cannot delete appointment "%(appointment)s": cancel it instead.':
        '不能删除预约“%(appointment)s”：请改为取消。',
    'The store "%(store)s" has no point of sale to check out appointment '
    '"%(appointment)s".':
        '门店“%(store)s”没有可为预约“%(appointment)s”结账的收银点。',
    'Appointment "%(appointment)s" must be done before its checkout.':
        '预约“%(appointment)s”必须完成后才能结账。',
    'A store can be closed only once a day.': '门店每天只能设置一次休息。',
    'The employee "%(employee)s" is already booked from %(start)s to '
    '%(end)s. Choose another time or employee.':
        '员工“%(employee)s”在 %(start)s 至 %(end)s 已有预约。'
        '请选择其他时间或员工。',
    'An employee cannot be booked twice at the same time.':
        '同一员工在同一时间不能被预约两次。',
    'The end of "%(record)s" must be after its start.':
        '“%(record)s”的结束时间必须晚于开始时间。',
    'The employee "%(employee)s" lacks the skills required by '
    '"%(service)s". Add the skills to the employee or choose another one.':
        '员工“%(employee)s”不具备“%(service)s”所需的技能。'
        '请为该员工添加技能或选择其他员工。',
    'No employee or room of "%(store)s" is free for "%(services)s" from '
    '%(start)s to %(end)s. Search the free slots for another time.':
        '门店“%(store)s”在 %(start)s 至 %(end)s 没有空闲的员工或护理间'
        '可提供“%(services)s”。请查找其他空闲时段。',
    'The store "%(store)s" has no room of type "%(type)s" for '
    '"%(service)s".':
        '门店“%(store)s”没有“%(service)s”所需的“%(type)s”类型房间。',
    'Add at least one service to appointment "%(appointment)s".':
        '请为预约“%(appointment)s”至少添加一个服务项目。',
    'No employee of the roster of "%(store)s" has the skills required by '
    '"%(service)s".':
        '门店“%(store)s”排班中没有员工具备“%(service)s”所需的技能。',
    'The opening hours of store "%(store)s" on %(weekday)s must close after '
    'they open.':
        '门店“%(store)s”%(weekday)s的打烊时间必须晚于开门时间。',
    'The store "%(store)s" is not open from %(start)s to %(end)s.':
        '门店“%(store)s”在 %(start)s 至 %(end)s 不营业。',
    '"%(employee)s" does not work at "%(store)s" from %(start)s to %(end)s. '
    'Add a shift to the roster or choose another time.':
        '“%(employee)s”在 %(start)s 至 %(end)s 不在门店“%(store)s”上班。'
        '请在排班中添加班次或选择其他时间。',
    'The start %(start)s is in the past.': '开始时间 %(start)s 已过去。',
    'The room "%(room)s" is already booked from %(start)s to %(end)s. '
    'Choose another time or room.':
        '护理间“%(room)s”在 %(start)s 至 %(end)s 已被预约。'
        '请选择其他时间或护理间。',
    'A room cannot be booked twice at the same time.':
        '同一护理间在同一时间不能被预约两次。',
    'The room "%(room)s" is not a room of the store of type "%(type)s" that '
    '"%(service)s" needs.':
        '护理间“%(room)s”不是该门店中“%(service)s”所需的“%(type)s”类型房间。',
    'The timing of service "%(service)s" is invalid: the duration must be '
    'positive, the buffer and gap not negative and the processing gap must '
    'end within the duration.':
        '服务项目“%(service)s”的时间设置无效：时长必须为正数，'
        '整理时间和等候间隙不能为负数，且等候间隙必须在时长内结束。',
    'The shift of "%(employee)s" must end after it starts.':
        '“%(employee)s”的班次结束时间必须晚于开始时间。',
    'An employee cannot have two overlapping shifts.':
        '同一员工不能有两个时间重叠的班次。',
    'The booking step of store "%(store)s" must be greater than zero.':
        '门店“%(store)s”的预约时间间隔必须大于零。',
    'The store "%(store)s" is closed on %(date)s.':
        '门店“%(store)s”在 %(date)s 休息。',
    'The client "%(client)s" does not exist.': '顾客“%(client)s”不存在。',
    'The employee "%(employee)s" does not exist.':
        '员工“%(employee)s”不存在。',
    'The service "%(service)s" does not exist or is not a salon service.':
        '服务项目“%(service)s”不存在或不是门店服务项目。',
    'The store "%(store)s" does not exist or you may not book in it.':
        '门店“%(store)s”不存在，或您无权在该门店预约。',
    # ---------------------------------------------------------- stock
    '%(product)s: %(quantity)s %(unit)s (minimum %(minimum)s)':
        '%(product)s：%(quantity)s %(unit)s（最低 %(minimum)s）',
    "A unit of the same category as the product's.":
        '与产品单位同类的单位。',
    'Back-bar': '院装耗材',
    'Back-bar Consumables': '院装耗材',
    'Back-bar Consumption': '院装耗材消耗',
    'Cancel Visit': '取消到店',
    'Counted Quantity': '盘点数量',
    'Expected Quantity': '账面数量',
    'Forecast Quantity': '预测数量',
    'From Date': '开始日期',
    'To Date': '结束日期',
    'HQ Warehouse': '总部仓库',
    'Inventory': '盘点',
    'Location': '库位',
    'Low Stock': '库存预警',
    'Low-Stock Alert': '库存预警',
    'Low stock at %(store)s, products under their minimum: %(count)s':
        '%(store)s库存预警，低于最低库存的产品：%(count)s 个',
    'Margin Rate': '毛利率',
    'Minimum': '最低库存',
    'Only services have back-bar consumables: "%(service)s" is not a service '
    'product.':
        '只有服务项目才有院装耗材：“%(service)s”不是服务类产品。',
    'Order Point': '订货点',
    'Own stores': '本人门店',
    'Replenish': '补货',
    'Replenishment': '补货',
    'Reports': '报表',
    'Service Margin': '服务毛利',
    'Service Recipes': '服务耗材配方',
    'Services Performed': '服务次数',
    'Stock': '库存',
    'Stocktake Variances': '盘点差异',
    'Target': '目标库存',
    'The appointment "%(appointment)s" is done: only a store manager can '
    'cancel it, with the "Cancel Visit" button, which gives its consumables '
    'back.':
        '预约“%(appointment)s”已完成：只有店长可以通过“取消到店”按钮取消，'
        '并退回其耗材。',
    "The goods taken from the store's storage.": '从门店库存中领用的物品。',
    'The goods used up each time the service is performed.':
        '每次提供该服务时消耗的物品。',
    'The point of sale "%(point)s" takes goods from "%(location)s", outside '
    'the warehouse "%(warehouse)s" of its store "%(store)s": choose a '
    'storage location of that warehouse.':
        '收银点“%(point)s”从“%(location)s”领用物品，该库位不在其门店'
        '“%(store)s”的仓库“%(warehouse)s”内：请选择该仓库的存储库位。',
    'The quantity %(quantity)s of "%(product)s" in the recipe of '
    '"%(service)s" must be greater than zero.':
        '“%(service)s”耗材配方中“%(product)s”的数量 %(quantity)s 必须大于零。',
    'The quantity that brings the forecast up to the target.':
        '使预测数量达到目标库存所需的数量。',
    'The quantity used up by one service.': '一次服务消耗的数量。',
    'The service product (checked on save, with a clear message, rather '
    'than by a domain).':
        '服务类产品（保存时检查并给出明确提示）。',
    'The store "%(store)s" has no warehouse to take the consumables of '
    '"%(appointment)s" from: set the warehouse of the store.':
        '门店“%(store)s”没有可为“%(appointment)s”领用耗材的仓库：'
        '请设置门店的仓库。',
    'The low stock of "%(product)s" at "%(store)s" comes from the order '
    'point "%(order_point)s", which is not an internal one with a '
    'provisioning location: HQ replenishes a store through the internal '
    'order points of its storage; buy the goods with a purchase request '
    'instead.':
        '“%(store)s”的“%(product)s”库存预警来自订货点“%(order_point)s”，'
        '它不是设有补货库位的内部订货点：总部只通过门店存储库位的内部订货点'
        '补货；请改用采购申请采购该货品。',
    'The POS sale "%(sale)s" of appointment "%(appointment)s" is posted: '
    'refund it at the point of sale with a return sale, then cancel the '
    'visit.':
        '预约“%(appointment)s”的 POS 销售单“%(sale)s”已过账：'
        '请先在收银台以退货单退款，再取消到店。',
    'The POS sale "%(sale)s" of appointment "%(appointment)s" has '
    '%(amount)s paid: refund it at the point of sale (open the sale again '
    'and remove its payments), then cancel the visit.':
        '预约“%(appointment)s”的 POS 销售单“%(sale)s”已收款 %(amount)s：'
        '请先在收银台退款（重新打开销售单并删除其付款），再取消到店。',
    'The store whose stock is counted.': '盘点库存的门店。',
    'The unit "%(unit)s" does not measure product "%(product)s": use a unit '
    'of the category "%(category)s".':
        '单位“%(unit)s”不适用于产品“%(product)s”：'
        '请使用“%(category)s”类别的单位。',
    'The warehouse that replenishes the stores.': '为门店补货的仓库。',
    'To Replenish': '待补货',
    'Top Consumed Products': '消耗最多的产品',
    'Variance': '差异',
    # ---------------------------------------------------------- membership
    'Adjust': '调整',
    'Adjustment': '调整',
    'Bonus': '赠送金额',
    'Card': '储值卡',
    'Card Lines': '储值卡明细',
    'Card Sequence': '储值卡编号规则',
    'Choose the card that pays "%(payment)s".':
        '请选择支付“%(payment)s”的储值卡。',
    'Choose the card topped up by "%(line)s".':
        '请选择“%(line)s”充值的储值卡。',
    'Closed': '已注销',
    'Delete the stored-value payment "%(payment)s" and pay again instead of '
    'modifying it.':
        '请删除储值支付“%(payment)s”并重新支付，不要修改它。',
    'Differences': '差异',
    'Empty the card "%(card)s" before closing it.':
        '注销储值卡“%(card)s”前请先清空余额。',
    'Expiry': '到期日',
    'Freeze': '冻结',
    'Frozen': '已冻结',
    'Lines': '明细',
    'Manage': '管理',
    'Manage Card': '管理储值卡',
    'Membership': '会员',
    'Membership Configuration': '会员配置',
    'Salon Membership Configuration': '会员配置',
    'Move': '会计凭证',
    'OK': '确定',
    'Only a spend not refunded yet can be refunded ("%(line)s").':
        '只有尚未退款的消费才能退款（“%(line)s”）。',
    'Operation': '操作',
    'POS Payment': 'POS 支付',
    'POS Sale Line': 'POS 销售明细',
    "Pay with the value of a client's stored-value card.":
        '使用顾客储值卡的余额支付。',
    'Points Validity Months': '积分有效期（月）',
    'Points expire this many months after they were earned.':
        '积分在获得后经过此月数失效。',
    'Refund': '退款',
    'Refund a Spend': '消费退款',
    'Refunded Line': '被退款明细',
    'Refunds': '退款',
    "Selling this service at the POS adds its price to the client's "
    "stored-value card (no tax, no revenue: a liability).":
        '在 POS 销售此服务会将其价格充入顾客的储值卡'
        '（不计税、不计收入：计入预收账款）。',
    'Set the account "%(account)s" of company "%(company)s" in the '
    'accounting configuration.':
        '请在会计配置中设置公司“%(company)s”的科目“%(account)s”。',
    'Spend': '消费',
    'State Reason': '状态原因',
    'Stored Value': '储值',
    'Stored Value Card': '储值卡',
    'Stored Value Journal': '储值日记账',
    'Stored Value Method': '储值支付方式',
    'Stored Value Top-up': '储值充值',
    'Stored-Value Cards': '储值卡',
    'Stored-Value Ledger': '储值台账',
    'Stored-Value Reconciliation': '储值对账',
    'The amount taken from card "%(card)s" must be positive.':
        '从储值卡“%(card)s”扣除的金额必须为正数。',
    'The balance of card "%(card)s" would become %(balance)s: a card can '
    'not go below zero.':
        '储值卡“%(card)s”的余额将变为 %(balance)s：储值卡余额不能低于零。',
    'The card "%(card)s" belongs to another company.':
        '储值卡“%(card)s”属于其他公司。',
    'The card "%(card)s" can not take this state.':
        '储值卡“%(card)s”不能变更为此状态。',
    'The card "%(card)s" expired on %(expiry)s.':
        '储值卡“%(card)s”已于 %(expiry)s 到期。',
    'The card "%(card)s" holds %(balance)s: %(amount)s can not be spent.':
        '储值卡“%(card)s”余额为 %(balance)s：无法消费 %(amount)s。',
    'The card "%(card)s" is %(state)s: it can not be used.':
        '储值卡“%(card)s”状态为%(state)s：无法使用。',
    'The card can no longer be spent after this date.':
        '此日期之后储值卡不能再消费。',
    'The card topped up by this line.': '此明细充值的储值卡。',
    'The journal of the stored-value moves made outside the POS (refunds, '
    'adjustments, transfers, expiries).':
        '在 POS 之外产生的储值凭证（退款、调整、转卡、到期）所用的日记账。',
    'The ledger lines of the cards can not be modified.':
        '储值卡的台账明细不能修改。',
    'The top-up "%(line)s" must be a positive amount.':
        '充值“%(line)s”的金额必须为正数。',
    'To Card': '转入储值卡',
    'Top-up': '充值',
    'Top-up Bonus Rules': '充值赠送规则',
    'Transfer': '转卡',
    'Transfer from card "%(card)s" to another card of the same company.':
        '从储值卡“%(card)s”转至同一公司的另一张储值卡。',
    'Unfreeze': '解冻',
    'Stored Value Adjustment': '储值调整',
    'Stored Value Bonus Expense': '储值赠送费用',
    'Stored Value Bonus Liability': '储值赠送负债',
    'Stored Value Breakage': '储值过期收益',
    'Stored Value Liability': '预收账款（储值）',
    'Stored Value Refund': '储值退款',
    'Balance': '余额',
    'Bonus Balance': '赠送余额',
    'Threshold': '充值门槛',
    'Amount': '金额',
    'Bonus Part': '赠送部分',
    'Liability Accounts': '负债科目',
    'Difference': '差额',
    'Ledger': '台账',
    'Unposted': '未过账',
    'The counterpart of the manual adjustments of the cards.':
        '储值卡手工调整的对方科目。',
    'Debited by the bonus granted on top-ups.': '充值赠送金额计入借方。',
    'Credited by the bonus granted on top-ups, debited when it is spent.':
        '充值赠送金额计入贷方，消费时计入借方。',
    'Credited by the value left on the expired cards.':
        '过期储值卡的剩余金额计入贷方。',
    'Credited by the money topped up on the cards, debited when it is '
    'spent.':
        '充入储值卡的金额计入贷方，消费时计入借方。',
    'Debited when a spend is refunded to the card (sales returns).':
        '消费退回储值卡时计入借方（销售退货）。',
    'The part of the balance that comes from bonuses.':
        '余额中来自赠送金额的部分。',
    'The value added on top of the amount paid.': '在实付金额之外赠送的金额。',
    'The minimal amount paid in one top-up.': '单次充值的最低实付金额。',
    'Positive adds value to the card.': '正数表示增加储值卡余额。',
    'The part of the amount that is bonus.': '金额中属于赠送金额的部分。',
    'For an adjustment, a negative amount takes value off.':
        '调整时，负数金额表示扣减余额。',
    'The credit balance of the stored-value liability accounts recorded '
    'for the card.':
        '该储值卡在储值负债科目中记录的贷方余额。',
    'Posted ledger minus liability accounts: must be zero.':
        '已过账台账减去负债科目：必须为零。',
    'The balance of the card: the sum of its ledger.':
        '储值卡余额：其台账合计。',
    'The ledger lines not posted yet (open POS sales).':
        '尚未过账的台账明细（未结 POS 销售单）。',
    'Account Configuration Salon Card': '会计配置 储值卡',
    'Stored-Value Card': '储值卡',
    'Salon Card': '储值卡',
    'Salon Card Bonus Rule': '充值赠送规则',
    'Salon Card Line': '储值卡明细',
    'Salon Card Manage Start': '管理储值卡',
    'Salon Card Reconciliation': '储值对账',
    'Expire Stored-Value Cards': '储值卡到期处理',
    'Cost Price': '成本价',
    'Expected Value': '账面金额',
    'Counted Value': '盘点金额',
    'Variance Value': '差异金额',
    'Consumables Cost': '耗材成本',
    'Gross Margin': '毛利',
    'Revenue': '收入',
    'Cost': '成本',
    "Cancel this done visit and give its consumables back to the store's "
    "stock?":
        '取消这次已完成的到店并将耗材退回门店库存？',
    'Salon Service Consumable': '服务院装耗材',
    'Salon Stock Alert': '库存预警',
    'Salon Stock Inventory Variance': '盘点差异',
    'Salon Stock Report Context': '库存报表条件',
    'Salon Stock Service Margin': '服务毛利',
    'Salon Stock Top Consumed': '消耗最多的产品',
    'Stock Configuration Salon Hq Warehouse': '库存配置 总部仓库',
    'Check Store Low Stock': '检查门店库存预警',
    # ---------------------------------------------------------- cards
    'Give the reason of this operation on card "%(card)s".':
        '请填写对储值卡“%(card)s”执行此操作的原因。',
    'The amount of the adjustment of card "%(card)s" can not be zero.':
        '储值卡“%(card)s”的调整金额不能为零。',
    'Choose another card than "%(card)s" to transfer to.':
        '请选择“%(card)s”以外的储值卡作为转入卡。',
    'The amount of a card ledger line can not be zero.':
        '储值卡台账明细的金额不能为零。',
    'The threshold and the bonus of a top-up bonus rule must be positive.':
        '充值赠送规则的充值门槛和赠送金额必须为正数。',
    'Salon Membership Configuration Card Sequence': '会员配置 储值卡编号规则',
    'Origin': '来源',
    # ---------------------------------------------------------- points
    'Description': '说明',
    'Discount': '折扣',
    'Earned': '获得',
    'Expired': '已过期',
    'Expiry Date': '到期日',
    'From': '起',
    'To': '止',
    "Given once to the referrer and to the referred client when the "
    "referred client's first paid visit is posted.":
        '被介绍顾客首次付费到店过账时，向介绍人和被介绍顾客各发放一次。',
    'Leave empty for the rate of the configuration.':
        '留空则使用配置中的比例。',
    'Loyalty Points': '积分',
    'Membership Tiers': '会员等级',
    "Pay with the client's points; the account of the method carries the "
    "cost of the points redeemed.":
        '使用顾客积分支付；该支付方式的科目承担所兑换积分的成本。',
    'Point Value': '积分价值',
    'Points': '积分',
    'Points Lines': '积分明细',
    'Points pay multiples of %(value)s: %(amount)s is not one.':
        '积分只能支付 %(value)s 的整数倍：%(amount)s 不符合。',
    'Points per Unit': '每单位积分',
    'Positive adds points to the client.': '正数表示为顾客增加积分。',
    'Redeemed': '已兑换',
    'Referral Points': '转介绍积分',
    'Referred Client': '被介绍顾客',
    'Set every day from the spend of the last 12 months.':
        '每天根据最近 12 个月的消费金额设置。',
    'Set the client of the sale before paying "%(payment)s" with points.':
        '用积分支付“%(payment)s”前，请先设置销售单的顾客。',
    'The client "%(client)s" has %(balance)s points: %(points)s can not be '
    'redeemed.':
        '顾客“%(client)s”有 %(balance)s 积分：无法兑换 %(points)s 积分。',
    'The loyalty points of the client in the current company.':
        '顾客在当前公司的积分。',
    'The points earned expire after this date.': '所获积分在此日期后失效。',
    'The points earned per currency unit paid in money, for the clients '
    'without tier.':
        '无会员等级的顾客每支付一个货币单位现金所获得的积分。',
    'The points lines can not be modified.': '积分明细不能修改。',
    "The rate taken off the POS prices of the tier's clients (0.05 for 5%).":
        '该等级顾客在 POS 价格上享受的折扣率（0.05 表示 5%）。',
    'The value of one point redeemed at the POS.':
        '在 POS 兑换时每个积分的价值。',
    'Tier': '会员等级',
    'Tier History': '会员等级历史',
    'Messages': '消息',
    # ---------------------------------------------------------- outbox
    'Gateway Timeout': '网关超时',
    'Gateway Token': '网关令牌',
    'Maximum Attempts': '最大尝试次数',
    'Reminder Delay': '预约提醒提前时间',
    'Retry Delay': '重试间隔',
    'SMS Gateway URL': '短信网关 URL',
    'WeChat Gateway URL': '微信网关 URL',
    'Attempts': '尝试次数',
    'Body': '正文',
    'Language': '语言',
    'Last Error': '最近错误',
    'Next Try': '下次尝试',
    'Party': '参与方',
    'Recipient': '收件人',
    'Sent at': '发送时间',
    'Subject': '主题',
    'In seconds.': '单位为秒。',
    'Sent as a bearer token to the gateways, if set.':
        '如已设置，作为 Bearer 令牌发送给网关。',
    'A message still failing after this many attempts is marked as failed.':
        '尝试此次数后仍发送失败的消息将标记为失败。',
    'In hours before the start, when the reminder is sent.':
        '开始前多少小时发送预约提醒。',
    'In minutes, the delay before the first retry; it doubles after each '
    'failure.':
        '首次重试前的等待时间（分钟）；每次失败后加倍。',
    'The URL to which the SMS are posted as JSON.':
        '以 JSON 格式提交短信的 URL。',
    'The URL to which the WeChat messages are posted as JSON.':
        '以 JSON 格式提交微信消息的 URL。',
    'The e-mail address or the mobile number.': '电子邮件地址或手机号码。',
    'Outbox': '发件箱',
    'Salon Outbox': '发件箱',
    'Send Salon Messages': '发送门店消息',
    'Failed': '失败',
    'Queued': '待发送',
    'Sent': '已发送',
    'Confirmation': '预约确认',
    'Reminder': '预约提醒',
    'Dear %(client)s,\n\nyour appointment %(number)s at %(store)s on '
    '%(start)s (%(services)s) is cancelled.\n\nContact us to book another '
    'time.':
        '尊敬的%(client)s：\n\n您在%(store)s %(start)s 的预约 %(number)s'
        '（%(services)s）已取消。\n\n如需改约其他时间，请联系我们。',
    'Your appointment at %(store)s on %(start)s is cancelled':
        '您在%(store)s %(start)s 的预约已取消',
    'Dear %(client)s,\n\nyour appointment %(number)s at %(store)s on '
    '%(start)s (%(services)s) with %(employee)s is confirmed.\n\nWe look '
    'forward to seeing you.':
        '尊敬的%(client)s：\n\n您在%(store)s %(start)s 由%(employee)s服务的'
        '预约 %(number)s（%(services)s）已确认。\n\n期待您的光临。',
    'Your appointment at %(store)s on %(start)s is confirmed':
        '您在%(store)s %(start)s 的预约已确认',
    'Dear %(client)s,\n\nwe remind you of your appointment %(number)s at '
    '%(store)s on %(start)s (%(services)s) with %(employee)s.\n\nPlease let '
    'us know if you cannot come.':
        '尊敬的%(client)s：\n\n提醒您在%(store)s %(start)s 由%(employee)s'
        '服务的预约 %(number)s（%(services)s）。\n\n如不能到店，请告知我们。',
    'Reminder: your appointment at %(store)s on %(start)s':
        '预约提醒：您在%(store)s %(start)s 的预约',
    # ---------------------------------------------------------- tiers
    'Minimal Spend': '最低消费金额',
    'The spend of the last 12 months that reaches the tier.':
        '达到该等级所需的最近 12 个月消费金额。',
    'Salon Membership Tier': '会员等级',
    'Salon Membership Tier History': '会员等级历史',
    'Salon Points Line': '积分明细',
    'Expire Loyalty Points': '积分到期处理',
    'Update Membership Tiers': '更新会员等级',
    # ------------------------------------------ booking extras (waitlist,
    # repeat, copy week, shift swap, deposit, check-in history)
    'Waitlist': '候补名单',
    'Waiting': '候补中',
    'Offered': '已通知',
    'Booked': '已预约',
    'The earliest start the client accepts.': '顾客可接受的最早开始时间。',
    'The latest end the client accepts.': '顾客可接受的最晚结束时间。',
    'Leave empty for any employee.': '留空表示任意员工。',
    'Offered Start': '通知的开始时间',
    'Offered Employee': '通知的员工',
    'Accept Offer': '接受空档',
    'Decline Offer': '放弃空档',
    'Wait Again': '重新候补',
    'Waitlist Offer': '候补空档通知',
    'Expire Waitlist Entries': '候补到期处理',
    'Open': '进行中',
    'The window of waitlist entry "%(waitlist)s" must end after it starts.':
        '候补“%(waitlist)s”的时间段结束时间必须晚于开始时间。',
    'Add at least one service to waitlist entry "%(waitlist)s".':
        '请为候补“%(waitlist)s”至少添加一项服务。',
    'The offer of waitlist entry "%(waitlist)s" has passed: put the client '
    'back on the waitlist.':
        '候补“%(waitlist)s”通知的时段已过，请将顾客重新加入候补。',
    'A slot is free at %(store)s on %(start)s':
        '%(store)s %(start)s 有空档',
    'Dear %(client)s,\n\na slot matching your waitlist request is free at '
    '%(store)s on %(start)s (%(services)s) with %(employee)s.\n\nContact us '
    'quickly to book it.':
        '尊敬的%(client)s：\n\n您候补的时段现已空出：%(store)s %(start)s'
        '（%(services)s），服务员工%(employee)s。\n\n请尽快联系我们预约。',
    'Every': '间隔',
    'In weeks, the interval between two occurrences.':
        '两次预约之间相隔的周数。',
    'Occurrences': '次数',
    'How many appointments to add after this one.':
        '在本预约之后新增的预约次数。',
    'Conflicts': '冲突',
    'Repeat': '重复预约',
    'Repeat Appointment': '重复预约',
    'Repeat every 1 week or more, from 1 to 52 times.':
        '重复间隔至少 1 周，次数为 1 到 52 次。',
    'Appointment "%(appointment)s" is cancelled or a no-show: it cannot be '
    'repeated.':
        '预约“%(appointment)s”已取消或爽约，不能重复预约。',
    '%(start)s is not free; the nearest free starts that day: '
    '%(alternatives)s.':
        '%(start)s 已被占用；当天最近的空闲开始时间：%(alternatives)s。',
    '%(start)s is not free and nothing is free that day.':
        '%(start)s 已被占用，当天没有空闲时段。',
    'Week': '周',
    'A day of the week to copy.': '要复制的那一周中的任意一天。',
    'Weeks': '周数',
    'The number of next weeks to fill.': '要排班的后续周数。',
    'Created Shifts': '已创建班次',
    'Skipped': '已跳过',
    'Copy Week': '复制周排班',
    'Copy': '复制',
    'Copy the week to 1 to 52 next weeks.': '请复制到后续 1 到 52 周。',
    'The store "%(store)s" has no shift in the week of %(date)s to copy.':
        '门店“%(store)s”在 %(date)s 所在的周没有可复制的班次。',
    '%(employee)s %(start)s-%(end)s: skipped, it overlaps an existing '
    'shift.':
        '%(employee)s %(start)s-%(end)s：与已有班次重叠，已跳过。',
    'Shift': '班次',
    'Shift Swap': '调班',
    'Shift Swaps': '调班申请',
    'Requested by': '申请人',
    'With': '调班对象',
    'In Exchange for': '交换班次',
    'The shift of the other employee to take in exchange, if any.':
        '如需交换，对方员工的班次。',
    'Requested': '已申请',
    'Approved': '已批准',
    'Decided by': '审批人',
    'Approve': '批准',
    'Refuse': '拒绝',
    'The shift swap "%(swap)s" must hand over a shift of the requesting '
    'employee to another employee, in exchange for a shift of that employee '
    'if any.':
        '调班“%(swap)s”必须把申请员工的班次交给另一名员工，'
        '如有交换则换取该员工的班次。',
    'Only HQ or a manager of the store may decide the shift swap '
    '"%(swap)s".':
        '只有总部或该门店店长可以审批调班“%(swap)s”。',
    '"%(employee)s" already works from %(start)s to %(end)s: the swap would '
    'overlap the shifts.':
        '“%(employee)s”在 %(start)s 至 %(end)s 已有班次，调班会造成班次重叠。',
    '"%(employee)s" has appointments between %(start)s and %(end)s: move '
    'them before swapping the shift.':
        '“%(employee)s”在 %(start)s 至 %(end)s 之间有预约，'
        '请先调整预约再调班。',
    'Deposit': '定金',
    'Deposit after No-shows': '需定金的爽约次数',
    'The number of no-shows from which a client must leave a deposit to '
    'book; leave empty to never ask for one.':
        '顾客爽约达到该次数后须付定金才能预约；留空表示从不要求定金。',
    'The amount the client left to secure the appointment.':
        '顾客为确保预约而支付的金额。',
    'The number of no-shows asking for a deposit must be at least 1.':
        '需定金的爽约次数至少为 1。',
    'Salon Online Request': '在线预约请求',
    'The deposit "%(deposit)s" is not an amount.':
        '定金“%(deposit)s”不是有效金额。',
    'The deposit of appointment "%(appointment)s" cannot be negative.':
        '预约“%(appointment)s”的定金不能为负数。',
    'The client "%(client)s" did not show up %(count)s times: record a '
    'deposit on appointment "%(appointment)s" before confirming it.':
        '顾客“%(client)s”已爽约 %(count)s 次：请先在预约“%(appointment)s”'
        '上登记定金再确认。',
    'Services at Check-in': '签到时显示的服务数',
    "How many of the client's last services check-in shows.":
        '到店签到时显示的顾客最近服务条数。',
    'Last Services': '最近服务',
    'Bookings': '预约',
    'salon.shift.swap: store staff': '调班：门店员工',
    'salon.shift.swap: stylist': '调班：发型师',
    'Salon Appointment Repeat Result': '重复预约结果',
    'Salon Appointment Repeat Start': '重复预约',
    'Salon Shift Copy Week Result': '复制周排班结果',
    'Salon Shift Copy Week Start': '复制周排班',
    'Salon Shift Swap': '调班',
    'Salon Waitlist': '候补名单',
    'Salon Waitlist - Product': '候补名单 - 服务',
    # ------------------------------------------- loyalty (wip/loyalty)
    'Tier Basis': '等级依据',
    "What the tiers' thresholds measure over the last 12 months.":
        '会员等级门槛所衡量的最近 12 个月指标。',
    'Points Earned': '获得积分',
    'The spend (or the points earned, as configured) of the last 12 '
    'months that reaches the tier.':
        '达到该等级所需的最近 12 个月消费金额（或按配置为获得的积分）。',
    'Birthday Points': '生日积分',
    'Birthday Coupon': '生日优惠券',
    'Referral Coupon': '转介绍优惠券',
    "Given once a year in the client's birthday month.":
        '每年在顾客生日当月发放一次。',
    "A number of this coupon is given once a year in the client's "
    "birthday month.":
        '每年在顾客生日当月发放一次此优惠券的券号。',
    "A number of this coupon is given once to the referrer and to the "
    "referred client when the referred client's first paid visit is "
    "posted.":
        '被介绍顾客首次付费到店过账时，向介绍人和被介绍顾客各发放一次'
        '此优惠券的券号。',
    'Not Money': '非现金',
    'Check for the methods that do not bring money (stored value, '
    'points, packages): they earn no loyalty points.':
        '勾选不带来资金的支付方式（储值、积分、疗程卡）：使用它们支付不'
        '获得积分。',
    'Tier Discount': '会员折扣',
    "The rate of the client's tier taken off the price.":
        '按顾客会员等级从价格中扣除的折扣率。',
    'Origin': '来源',
    'Rewards': '奖励',
    'Reward': '奖励',
    'Referrer': '介绍人',
    'Key': '键',
    'The year of a birthday perk, the referred client of a referral.':
        '生日礼遇为年份，转介绍奖励为被介绍顾客。',
    'Coupon Number': '优惠券券号',
    'Loyalty': '积分与等级',
    'Salon Membership Reward': '会员奖励',
    'Give Birthday Perks': '发放生日礼遇',
    'Value of the last 12 months: %(value)s':
        '最近 12 个月的数值：%(value)s',
    'The points lines can not be modified: add an adjustment instead.':
        '积分明细不能修改：请新增一条调整。',
    'Only a store manager or HQ can adjust the points of a client.':
        '只有店长或总部可以调整顾客积分。',
    'Points lines entered by hand must be adjustments: the other lines '
    'come from the POS and the daily tasks.':
        '手工录入的积分明细必须是调整：其他明细来自 POS 和每日任务。',
    'Give the reason of the points adjustment of client "%(client)s" in '
    'its description.':
        '请在说明中填写顾客“%(client)s”积分调整的原因。',
    'The points adjustment of client "%(client)s" must not be zero.':
        '顾客“%(client)s”的积分调整不能为零。',
    'The points balance of client "%(client)s" would become %(balance)s: '
    'it can not go below zero.':
        '顾客“%(client)s”的积分余额将变为 %(balance)s：积分余额不能低于零。',
    'Delete the points payment "%(payment)s" and pay again instead of '
    'modifying it.':
        '请删除积分支付“%(payment)s”并重新支付，不要修改它。',
    'The points payment "%(payment)s" is more than the amount left to pay '
    'on sale "%(sale)s": points give no change.':
        '积分支付“%(payment)s”超过销售单“%(sale)s”的待付金额：积分不找零。',
    'This reward was already given to the client.':
        '该奖励已发放给此顾客。',
    'Adjust': '调整',
    # ---------------------------------------------------------- packages
    'Package Card Sequence': '疗程卡编号序列',
    'Package Deferred Revenue': '疗程卡递延收入',
    'Credited when a treatment package is sold, debited as its sessions '
    'are consumed.':
        '出售疗程卡时记入贷方，消耗次数时记入借方。',
    'Package Breakage Income': '疗程卡过期收益',
    'Credited with the sessions left at expiry.\nLeave empty to use the '
    'revenue account of the service.':
        '到期未用次数的金额记入该科目贷方。\n留空则使用服务项目的收入科目。',
    'Package Refund': '疗程卡退款',
    'Credited with the amount refunded to the client (cash or refund '
    'payable).':
        '退给顾客的金额记入该科目贷方（现金或应付退款）。',
    'Treatment Package': '疗程卡',
    'Check to sell N sessions of services, consumed at checkout.':
        '勾选以出售服务项目的 N 次疗程，结账时扣次。',
    'Package Services': '疗程项目',
    'Validity': '有效期',
    'In months from the day of sale.': '自售出之日起的月数。',
    'A service and its number of sessions in a treatment package':
        '疗程卡中的服务项目及次数',
    'Package': '疗程卡',
    'Sessions': '次数',
    "A client's treatment package: the sessions bought and left":
        '顾客的疗程卡：购买次数与剩余次数',
    'Sale Line': '销售明细',
    'The last day the sessions may be used.': '可使用次数的最后一天。',
    'Price Paid': '实付金额',
    'Without taxes: the deferred revenue of the package.':
        '不含税：疗程卡的递延收入。',
    'Valid': '有效',
    'Refunded': '已退款',
    'Remaining': '剩余',
    'Remaining Sessions': '剩余次数',
    'Deferred Revenue': '递延收入',
    'A movement of sessions on a treatment package card': '疗程卡次数变动',
    'Purchase': '购买',
    'Consume': '消耗',
    'Expire': '过期',
    'Positive when bought, negative when used up.':
        '购买为正数，使用为负数。',
    'Deferred revenue added by a purchase (positive) or released as revenue '
    '(negative).':
        '购买增加的递延收入（正数）或转为收入的金额（负数）。',
    'Appointment Line': '预约明细',
    'The sessions and deferred revenue left per service of a card':
        '疗程卡各服务项目的剩余次数与递延收入',
    'Package Card': '疗程卡',
    'The treatment package the session is taken from.': '扣次所用的疗程卡。',
    'Package Ledger': '疗程卡台账',
    'Is Package': '是疗程卡',
    'Expire Treatment Packages': '疗程卡到期处理',
    'Treatment Packages': '疗程卡',
    'Treatment Package Card': '疗程卡',
    'Refund the unused sessions to the client?': '将未使用的次数退款给顾客？',
    'Other Info': '其他信息',
    'Set the account "%(account)s" of the company "%(company)s" in the '
    'accounting configuration before selling or closing treatment '
    'packages.':
        '出售或结清疗程卡前，请在会计配置中设置公司“%(company)s”的'
        '科目“%(account)s”。',
    'The treatment package "%(template)s" must be a service product that '
    'is not itself a salon service.':
        '疗程卡“%(template)s”必须是服务类产品，且本身不能是可预约的服务项目。',
    'The number of sessions of a package service must be greater than '
    'zero.':
        '疗程项目的次数必须大于零。',
    'The service "%(service)s" is listed twice in the treatment package '
    '"%(template)s": add up its sessions on one line.':
        '服务项目“%(service)s”在疗程卡“%(template)s”中出现了两次：'
        '请把次数合并到一行。',
    'Set the client of the sale "%(sale)s": the treatment package '
    '"%(package)s" is sold to a client.':
        '请设置销售单“%(sale)s”的顾客：疗程卡“%(package)s”须售给顾客。',
    'The treatment package "%(package)s" of the sale "%(sale)s" must be '
    'sold in a whole positive quantity; refund a package from its card.':
        '销售单“%(sale)s”中疗程卡“%(package)s”的数量必须是正整数；'
        '退疗程卡请在疗程卡上操作。',
    'The package card "%(card)s" has %(remaining)s session(s) of '
    '"%(service)s" left: charge the service or use another card.':
        '疗程卡“%(card)s”的“%(service)s”剩余 %(remaining)s 次：'
        '请按原价收费或使用其他疗程卡。',
    'The line "%(line)s" takes a session of the package card "%(card)s" '
    'and must be at price 0.':
        '明细“%(line)s”扣除疗程卡“%(card)s”的次数，价格必须为 0。',
    'The package card "%(card)s" cannot be used in the company '
    '"%(company)s": it is valid only in the stores of its own company.':
        '疗程卡“%(card)s”不能在公司“%(company)s”使用：'
        '仅限其所属公司的门店使用。',
    'The package card "%(card)s" belongs to "%(client)s": set that client '
    'on the sale or remove the card from the line.':
        '疗程卡“%(card)s”属于“%(client)s”：请在销售单上设置该顾客，'
        '或从明细中移除该疗程卡。',
    'The package card "%(card)s" is not valid on the sale date: it runs '
    'from %(start)s to %(expiry)s and must not be expired or refunded.':
        '疗程卡“%(card)s”在销售日期无效：有效期为 %(start)s 至 '
        '%(expiry)s，且不能已过期或已退款。',
    'The package card "%(card)s" does not cover the service "%(service)s": '
    'charge the service or remove the card from the line.':
        '疗程卡“%(card)s”不包含服务项目“%(service)s”：'
        '请按原价收费或从明细中移除该疗程卡。',
    'The sessions of "%(service)s" taken from the package card "%(card)s" '
    'must be a whole positive number.':
        '从疗程卡“%(card)s”扣除的“%(service)s”次数必须是正整数。',
    'The ledger lines of a treatment package cannot be modified or '
    'deleted.':
        '疗程卡的台账明细不能修改或删除。',
    'The sale "%(sale)s" cannot be opened again: its session was taken '
    'from the package card "%(card)s", which is no longer valid (refunded '
    'or expired).':
        '销售单“%(sale)s”不能重新打开：其次数已从疗程卡“%(card)s”扣除，'
        '该卡已失效（已退款或已过期）。',
    'Account Configuration Salon Package Account': '疗程卡会计科目配置',
    'Salon Package Card': '疗程卡',
    'Salon Package Card Balance': '疗程卡余额',
    'Salon Package Card Line': '疗程卡明细',
    'Salon Package Service': '疗程项目',
    }

# ------------------------------------------------ online booking page
TRANSLATIONS.update({
    'Online Booking': '在线预约',
    'Check to show the store on the public booking page.':
        '勾选后门店显示在公开的在线预约页面上。',
    'Check to offer the service on the public booking page.':
        '勾选后服务项目可在公开的在线预约页面上预约。',
    'Book an appointment': '在线预约',
    'Any stylist': '不限发型师',
    'Day': '日期',
    'Time': '时间',
    'No free time on this day. Choose another day or stylist.':
        '当天没有可预约的时间，请选择其他日期或发型师。',
    'Your name': '您的姓名',
    'Mobile phone': '手机号码',
    'Book': '立即预约',
    'Your appointment is confirmed.': '您的预约已确认。',
    'Appointment number': '预约编号',
    'Date and time': '预约时间',
    'min': '分钟',
    'Loading…': '加载中…',
    'Choose…': '请选择…',
    'The booking service cannot be reached. Try again later.':
        '暂时无法连接预约服务，请稍后再试。',
    'Your name and phone number are used only to manage your '
    'appointments.':
        '您的姓名和手机号码仅用于管理您的预约。',
    'Book another appointment': '再预约一次',
    'This store does not take online bookings. Choose another store.':
        '该门店不支持在线预约，请选择其他门店。',
    'This service cannot be booked online. Choose another service.':
        '该服务项目不支持在线预约，请选择其他服务项目。',
    'This stylist cannot be booked online for this service. Choose '
    'another stylist or any stylist.':
        '该发型师不能在线预约此服务项目，请选择其他发型师或不限发型师。',
    'Choose a day from %(first)s to %(last)s.':
        '请选择 %(first)s 至 %(last)s 之间的日期。',
    'Choose a time from the list of free times.':
        '请从可预约时间列表中选择时间。',
    'The time %(start)s is already past. Choose a later time.':
        '时间 %(start)s 已经过去，请选择更晚的时间。',
    'The time %(start)s is no longer free. Choose another time.':
        '时间 %(start)s 已被预约，请选择其他时间。',
    'Enter your name (at most 100 characters).':
        '请输入您的姓名（最多 100 个字符）。',
    'The phone number is not valid. Enter a mobile number, e.g. 138 0013 '
    '8000.':
        '手机号码无效，请输入正确的手机号码，例如 138 0013 8000。',
    'Too many requests from your address. Try again in a few minutes.':
        '您的请求过于频繁，请几分钟后再试。',
    'The request is not valid. Reload the page and try again.':
        '请求无效，请刷新页面后重试。',
    'The booking could not be made. Try again later or call the store.':
        '预约未能完成，请稍后再试或致电门店。',
    })

# ------------------------------------------- one-time codes (wip/otp)
TRANSLATIONS.update({
    'Code for Stored-Value Spends': '储值卡消费需验证码',
    'Ask the client for a one-time code sent to the phone before the '
    'stored-value card is spent.':
        '储值卡消费前，需顾客报出发送到其手机的一次性验证码。',
    'Code for Package Redemptions': '疗程卡核销需验证码',
    'Ask the client for a one-time code sent to the phone before the '
    'sessions of a treatment package are used.':
        '使用疗程卡次数前，需顾客报出发送到其手机的一次性验证码。',
    'Code Validity': '验证码有效期',
    'In minutes.': '单位：分钟。',
    'Code Channel': '验证码发送渠道',
    'How the code is sent: SMS and WeChat to the client\'s mobile (else '
    'phone), e-mail to the client\'s e-mail.':
        '验证码的发送方式：短信和微信发送到顾客手机（没有手机时发送到电话），'
        '电子邮件发送到顾客的邮箱。',
    'One-Time Codes': '一次性验证码',
    'One-Time Code': '一次性验证码',
    'Salon Otp': '一次性验证码',
    'Outbox: no one-time codes': '发件箱：隐藏一次性验证码',
    'Purpose': '用途',
    'Stored-Value Spend': '储值卡消费',
    'Package Redemption': '疗程卡核销',
    'The sale which asked for the code.': '申请验证码的销售单。',
    'Code Hash': '验证码哈希值',
    'Salt': '盐值',
    'Used': '使用时间',
    'Wrong Attempts': '输错次数',
    'Code Required': '需要验证码',
    'Code For': '验证码用途',
    'What the next code sent to the client is for.':
        '下一次发送给顾客的验证码的用途。',
    'Client Code': '顾客验证码',
    'The one-time code the client received and reads out; cleared once '
    'checked.':
        '顾客收到并报出的一次性验证码；核验后自动清空。',
    'Send Code': '发送验证码',
    'Send a one-time code to the client\'s phone.':
        '向顾客手机发送一次性验证码。',
    'Your code: %(code)s, valid %(minutes)s minutes':
        '您的验证码：%(code)s，%(minutes)s 分钟内有效',
    'Set the client of sale "%(sale)s" before sending a code.':
        '请先填写销售单“%(sale)s”的顾客，再发送验证码。',
    'The client "%(client)s" has no mobile or phone number to send a code '
    'to: add one to the client file.':
        '顾客“%(client)s”没有可接收验证码的手机或电话号码：'
        '请在顾客档案中添加。',
    'The %(purpose)s of sale "%(sale)s" needs the code sent to the client '
    '"%(client)s": press "Send Code" and enter the code the client '
    'received.':
        '销售单“%(sale)s”的%(purpose)s需要发送给顾客“%(client)s”的验证码：'
        '请点击“发送验证码”，并输入顾客收到的验证码。',
    'No unused code was sent to the client "%(client)s" for the '
    '%(purpose)s of sale "%(sale)s": press "Send Code".':
        '没有为销售单“%(sale)s”的%(purpose)s向顾客“%(client)s”'
        '发送过未使用的验证码：请点击“发送验证码”。',
    'The code entered on sale "%(sale)s" is not the code sent to the '
    'client "%(client)s": %(remaining)s attempts left.':
        '销售单“%(sale)s”上输入的验证码与发送给顾客“%(client)s”的不一致：'
        '还可尝试 %(remaining)s 次。',
    'The code sent to the client "%(client)s" has expired: press "Send '
    'Code" to send a new one.':
        '发送给顾客“%(client)s”的验证码已过期：请点击“发送验证码”重新发送。',
    'The code sent to the client "%(client)s" was entered wrong too many '
    'times and is void: press "Send Code" to send a new one.':
        '发送给顾客“%(client)s”的验证码输错次数过多，已失效：'
        '请点击“发送验证码”重新发送。',
    })

# ------------------------------------------- the member at the POS (wip/pos)
TRANSLATIONS.update({
    'Member': '会员',
    'Packages': '疗程卡',
    "The client's cards in the company, except the closed.":
        '顾客在本公司的储值卡（已注销的除外）。',
    "The balance of the client's cards.": '顾客储值卡的余额合计。',
    "The client's valid packages with sessions left.":
        '顾客有剩余次数的有效疗程卡。',
    'Receipt': '小票',
    'Number:': '单号：',
    'Date:': '日期：',
    'Client:': '顾客：',
    'Total:': '合计：',
    'Tax:': '税额：',
    'Payments': '支付',
    'Balances after this sale': '本次消费后余额',
    'Tier:': '会员等级：',
    'Points:': '积分：',
    'Stored-value card': '储值卡',
    'remaining sessions:': '剩余次数：',
    'Thank you for your visit': '感谢您的光临',
    })

# ------------------------------------------ coupons at the POS (wip/coupon)
TRANSLATIONS.update({
    'Coupon Number': '优惠券券号',
    'Type the number of a campaign coupon, then press "Apply Promotions".':
        '输入活动优惠券的券号，然后点击“应用促销”。',
    'Coupons': '优惠券',
    'Coupon Parties': '优惠券使用人',
    'Sale Point Sale - Sale Promotion Coupon Number': 'POS 销售单 - 优惠券券号',
    'Promotions': '促销',
    'The promotions applied to the lines.': '已应用到明细行的促销。',
    'Promotion': '促销',
    'Original Unit List Price': '原不含税单价',
    'Original Unit Gross Price': '原含税单价',
    'Apply Promotions': '应用促销',
    'Apply the promotions of the coupons to the lines.':
        '将优惠券的促销应用到明细行。',
    'No coupon numbered "%(number)s" exists in this company: check the '
    'number the client gave for sale "%(sale)s".':
        '本公司没有券号为“%(number)s”的优惠券：'
        '请核对顾客为销售单“%(sale)s”提供的券号。',
    'The coupon "%(number)s" is not valid on %(date)s (its promotion has '
    'not started, has ended or is inactive): remove it from sale '
    '"%(sale)s".':
        '优惠券“%(number)s”在 %(date)s 不可用（其促销尚未开始、已结束或已停用）：'
        '请从销售单“%(sale)s”中移除。',
    'The coupon "%(number)s" belongs to the company "%(company)s": it '
    'cannot be used on sale "%(sale)s".':
        '优惠券“%(number)s”属于公司“%(company)s”：'
        '不能用于销售单“%(sale)s”。',
    'The coupon "%(number)s" is limited per client: set the client of '
    'sale "%(sale)s".':
        '优惠券“%(number)s”按顾客限制使用次数：'
        '请填写销售单“%(sale)s”的顾客。',
    'The client "%(client)s" has already used the coupon "%(number)s" '
    '%(uses)s time(s), its limit per client.':
        '顾客“%(client)s”已使用优惠券“%(number)s” %(uses)s 次，'
        '已达每位顾客的使用上限。',
    'The coupon "%(number)s" has been used %(uses)s time(s), its limit.':
        '优惠券“%(number)s”已使用 %(uses)s 次，已达使用上限。',
    })
