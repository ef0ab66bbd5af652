#!/usr/bin/env python3
"""Write formpipe's sample submissions (Samples/*.docx) and their expected records (Samples/expected/*.json).

Run from anywhere:  python3 Samples/make_samples.py
Python 3 standard library only. The output is deterministic: every zip entry has a fixed timestamp and fixed
attributes, so re-running produces byte-identical files.

Layout of this file:
  1. FIELDS      the field kinds of FORMS.md, used to turn the raw text of each sample into its expected value
  2. SAMPLES     one plain dict per sample: the raw values as typed into the document, and the findings the
                 validator must report (everything else about the expected JSON is derived from the raw values)
  3. builders    run(), paragraph(), cell(), table() ... -> WordprocessingML strings
  4. layouts     one function per sample placing its raw values into tables and paragraphs
  5. packaging   the .docx zip, the expected JSON, main()
"""

import json
import re
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent

# ---------------------------------------------------------------------------------------------------------------
# 1. Field kinds (FORMS.md). Order is schema order; it is also the key order of "fields" in the expected JSON.
# ---------------------------------------------------------------------------------------------------------------

FIELDS = {
    "annual_target_book": {
        "year": "integer", "branch": "string", "name": "string", "position": "string",
        "member_category": "enum", "joined_party_on": "date", "duties": "text",
        "goals": {"seq": "integer", "content": "text", "deadline": "date"},
        "tasks": {"seq": "integer", "content": "text", "deadline": "date"},
        "planned_study_hours": "integer", "planned_speeches": "integer", "planned_reflections": "integer",
        "review_opinion": "text", "reviewer": "string", "reviewed_on": "date", "signed_on": "date",
        "self_assessment": "text", "evaluation": "enum",
    },
    "study_plan": {
        "year": "integer", "branch": "string", "name": "string", "position": "string", "rank": "enum",
        "items": {"seq": "integer", "topic": "text", "mode": "enum", "schedule": "string", "hours": "number"},
        "total_hours": "number", "warning_education_hours": "number", "center_group": "text",
        "filled_on": "date", "secretary_review": "text",
    },
    "branch_self_check": {
        "branch": "string", "secretary": "string", "member_count": "integer", "filled_on": "date",
        "items": {"aspect": "enum", "problems": "text", "measures": "text", "deadline": "date", "owner": "string"},
        "overall": "text", "committee_opinion": "text",
    },
    "mentoring_summary": {
        "department": "string", "branch": "string", "mentor_name": "string", "mentee_name": "string",
        "paired_on": "date", "period": "string",
        "activities": {"date": "date", "kind": "enum", "content": "text"},
        "ideology_guidance": "text", "work_guidance": "text", "life_care": "text", "summary": "text",
        "next_plan": "text", "filled_on": "date", "branch_opinion": "text",
    },
}

TITLES = {
    "annual_target_book": "机关党员 2017 年度目标任务书",
    "study_plan": "机关党委党员干部学习计划表",
    "branch_self_check": "机关党委基层党支部规范化建设问题查摆及整改措施",
    "mentoring_summary": "传承红色基因新老教工结对活动阶段总结表",
}

MEMBER_CATEGORIES = ["普通党员", "党支部书记", "科级干部", "处级及以上干部"]
RANKS = ["副处级", "正处级"]


def finding(path, rule, severity="error"):
    return {"path": path, "severity": severity, "rule": rule}


# ---------------------------------------------------------------------------------------------------------------
# 2. Samples. "raw" holds each value as it is written in the document ("\n" = a line break or a second
#    paragraph in the cell; "" = the label is there but the value cell is left empty). Tables are lists of rows.
#    Enum values are the chosen option; the layout decides whether it is written as text or as tick boxes.
# ---------------------------------------------------------------------------------------------------------------

ATB_VALID_A = {
    "name": "annual_target_book_valid_a", "form": "annual_target_book", "status": "valid",
    "raw": {
        "year": "2017",
        "branch": "机关第一党支部",
        "name": "王建国",
        "position": "综合科科长",
        "member_category": "科级干部",
        "joined_party_on": "1998年6月26日",
        "duties": "负责综合科全面工作，统筹公文处理、会议组织和督查督办；\n"
                  "兼任支部宣传委员，负责支部学习资料的收集和宣传报道。",
        "goals": [
            {"seq": "1", "content": "认真学习党章党规和系列重要讲话，全年参加集中学习不少于96学时", "deadline": "2017年12月31日"},
            {"seq": "2", "content": "按时足额缴纳党费，积极参加“三会一课”和主题党日活动", "deadline": "2017.12.31"},
            {"seq": "3", "content": "带领本科室高质量完成年度重点工作，争创“优秀科室”", "deadline": "2017/12/20"},
        ],
        "tasks": [
            {"seq": "1", "content": "完成《机关工作规范化手册》修订并印发", "deadline": "2017-6-30"},
            {"seq": "2", "content": "组织科室人员开展公文写作培训2次", "deadline": "2017年9月30日"},
            {"seq": "3", "content": "撰写学习体会3篇并在支部党员大会上交流", "deadline": "2017年11月30日"},
        ],
        "planned_study_hours": "96学时",
        "planned_speeches": "2",
        "planned_reflections": "3",
        "review_opinion": "目标任务明确具体，符合岗位实际，同意。",
        "reviewer": "李明华",
        "reviewed_on": "2017年3月15日",
        "signed_on": "2017年3月10日",
    },
    "findings": [],
}

ATB_VALID_B = {
    "name": "annual_target_book_valid_b", "form": "annual_target_book", "status": "valid",
    "raw": {
        "year": "2017",  # only in the title: there is no 年度 cell in this sample
        "branch": "机关第三党支部",
        "name": "孙丽娟",
        "position": "档案管理员",
        "member_category": "普通党员",
        "joined_party_on": "2001年7月",  # month only: kept as 2001-07, with a warning
        "duties": "负责机关文书档案的收集、整理、归档和利用；\n负责档案数字化加工的质量检查。",
        "goals": [
            {"seq": "1", "content": "坚持每周自学不少于2小时，按时完成学习笔记", "deadline": "2017年12月31日"},
            {"seq": "2", "content": "积极参加支部组织生活，全年无无故缺席", "deadline": "2017年12月31日"},
            {"seq": "3", "content": "完成馆藏档案数字化加工2万页", "deadline": "2017.11.30"},
        ],
        "tasks": [
            {"seq": "1", "content": "配合完成2016年度档案移交进馆工作", "deadline": "2017/06/30"},
            {"seq": "2", "content": "参加档案业务培训并取得岗位培训证书", "deadline": "2017-10-31"},
        ],
        "planned_study_hours": "40",
        "planned_speeches": "2",
        "planned_reflections": "3",
        "review_opinion": "同意。\n请在工作中进一步发挥党员先锋模范作用。",
        "reviewer": "周文斌",
        "reviewed_on": "2017.3.20",
        "signed_on": "2017/03/08",
        "evaluation": "",  # 民主评议等次: label present, left empty (filled at the end of the year)
    },
    "findings": [
        finding("joined_party_on", "pattern", "warning"),
    ],
}

ATB_INVALID = {
    "name": "annual_target_book_invalid", "form": "annual_target_book", "status": "invalid",
    "raw": {
        "year": "2017",
        "branch": "机关第二党支部",
        "name": "马振华",
        "position": "后勤管理处处长",
        "member_category": "处级及以上干部",
        "joined_party_on": "1990/07/01",
        "goals": [
            {"seq": "1", "content": "深入学习系列重要讲话精神，提高党性修养", "deadline": "2017年12月31日"},
            {"seq": "2", "content": "落实党风廉政建设“一岗双责”", "deadline": "2017年12月31日"},
        ],
        "tasks": [
            {"seq": "1", "content": "完成校园水电管网改造工程", "deadline": "2017.8.31"},
            {"seq": "2", "content": "推进后勤服务社会化改革方案制定", "deadline": "2017.10.31"},
        ],
        "planned_study_hours": "40学时",  # 处级及以上干部: at least 110
        "planned_speeches": "1",  # at least 2
        "planned_reflections": "3",
        "review_opinion": "",  # required, left empty
        "reviewer": "",
        "reviewed_on": "",
        "signed_on": "2017年3月12日",
    },
    "findings": [
        finding("planned_study_hours", "minimum"),
        finding("planned_speeches", "minimum"),
        finding("review_opinion", "required"),
    ],
}

SP_VALID_A = {
    "name": "study_plan_valid_a", "form": "study_plan", "status": "valid",
    "raw": {
        "year": "2017",
        "branch": "机关第三党支部",
        "name": "李卫东",
        "position": "财务处处长",
        "rank": "正处级",
        "items": [
            {"seq": "1", "topic": "《关于新形势下党内政治生活的若干准则》《中国共产党党内监督条例》专题学习",
             "mode": "集中学习", "schedule": "2017年3月—4月", "hours": "24"},
            {"seq": "2", "topic": "习近平总书记系列重要讲话精神", "mode": "研讨",
             "schedule": "每月第二周周四下午", "hours": "36学时"},
            {"seq": "3", "topic": "高校财务管理与内部控制", "mode": "在线学习", "schedule": "全年", "hours": "30"},
            {"seq": "4", "topic": "基层党建工作调研（赴二级学院）", "mode": "调研", "schedule": "2017年9月", "hours": "24"},
            {"seq": "5", "topic": "《习近平谈治国理政》通读", "mode": "自学", "schedule": "全年", "hours": "40"},
        ],
        "total_hours": "114学时",  # 24 + 36 + 30 + 24 (自学 not counted)
        "warning_education_hours": "5.5",
        "center_group": "参加机关党委中心组理论学习，每季度不少于1次；\n参加“机关讲坛”专题报告会不少于4场。",
        "filled_on": "2017年6月28日",
        "secretary_review": "同意。该同志学习计划安排合理，学时符合要求。",
    },
    "findings": [],
}

SP_VALID_B = {
    "name": "study_plan_valid_b", "form": "study_plan", "status": "valid",
    "raw": {
        "year": "2017",
        "branch": "机关第一党支部",
        "name": "周海燕",
        "position": "人事处副处长",
        "rank": "副处级",
        "items": [
            {"seq": "1", "topic": "党的十八届六中全会精神", "mode": "集中学习", "schedule": "2017年3月", "hours": "16"},
            {"seq": "2", "topic": "《中国共产党纪律处分条例》专题辅导", "mode": "集中学习",
             "schedule": "2017年4月", "hours": "12"},
            {"seq": "3", "topic": "“两学一做”学习教育常态化制度化", "mode": "研讨",
             "schedule": "2017年5月—6月", "hours": "20"},
            {"seq": "4", "topic": "全国高校思想政治工作会议精神", "mode": "在线学习",
             "schedule": "2017年7月—9月", "hours": "40"},
            {"seq": "5", "topic": "机关作风建设专题调研", "mode": "调研", "schedule": "2017年10月", "hours": "24"},
            {"seq": "6", "topic": "《之江新语》", "mode": "自学", "schedule": "全年", "hours": "30"},
        ],
        "total_hours": "112",  # 16 + 12 + 20 + 40 + 24
        "warning_education_hours": "6学时",
        "center_group": "参加机关党委中心组（扩大）学习，每季度1次\n参加“机关讲坛”专题报告4场",
        "filled_on": "2017-6-30",
        "secretary_review": "同意。",
    },
    "findings": [],
}

SP_INVALID = {
    "name": "study_plan_invalid", "form": "study_plan", "status": "invalid",
    "raw": {
        "year": "2017",
        "branch": "机关第二党支部",
        "name": "郑国强",
        "position": "国有资产管理处处长",
        "rank": "正处级",
        "items": [  # only two rows: at least 3
            {"seq": "1", "topic": "党的十八届六中全会精神", "mode": "集中学习", "schedule": "2017年9月", "hours": "48"},
            {"seq": "2", "topic": "《中国共产党廉洁自律准则》", "mode": "研讨", "schedule": "2017年10月", "hours": "32"},
        ],
        "total_hours": "80",  # at least 110 (and equal to 48 + 32, so no sum warning)
        "warning_education_hours": "5",  # exactly the minimum: fine
        "filled_on": "2017.7.12",  # after 07-05: warning
        "secretary_review": "",
    },
    "findings": [
        finding("items", "minItems"),
        finding("total_hours", "minimum"),
        finding("filled_on", "dateNotAfter", "warning"),
    ],
}

BSC_VALID_A = {
    "name": "branch_self_check_valid_a", "form": "branch_self_check", "status": "valid",
    "raw": {
        "branch": "机关第一党支部",
        "secretary": "赵志刚",
        "member_count": "23",
        "filled_on": "2017年3月20日",
        "items": [
            {"aspect": "组织是否健全", "problems": "支部组织委员于2016年底调离，委员职位空缺至今。",
             "measures": "3月底前召开党员大会补选组织委员，及时报机关党委审批。", "deadline": "2017年3月31日",
             "owner": "赵志刚"},
            {"aspect": "制度是否完善", "problems": "“三会一课”实施细则未结合支部实际及时修订；\n党员积分管理办法尚未建立。",
             "measures": "修订“三会一课”实施细则，制定党员积分管理办法并经支部党员大会讨论通过。",
             "deadline": "2017.5.31", "owner": "孙立新"},
            {"aspect": "运行是否规范", "problems": "个别支委会会议记录不完整，会议议题未提前通知支委。",
             "measures": "规范会议记录格式，由组织委员在会前3天书面通知议题并做好记录。", "deadline": "2017/06/30",
             "owner": "孙立新"},
            {"aspect": "活动是否经常", "problems": "主题党日活动形式单一，以读文件为主，党员参与积极性不高。",
             "measures": "每季度至少开展1次实践类主题党日活动，结合业务工作开展志愿服务。", "deadline": "2017-12-31",
             "owner": "赵志刚"},
            {"aspect": "档案是否齐全", "problems": "2016年部分发展党员材料未及时归档，党费收缴台账不全。",
             "measures": "对照档案目录逐项清理补齐，建立党费收缴月度台账并指定专人管理。", "deadline": "2017年4月30日",
             "owner": "林小红"},
            {"aspect": "作用是否突出", "problems": "党员在急难险重任务中的示范带头作用发挥不够明显。",
             "measures": "开展“党员示范岗”评选活动，在重点工作中设立党员责任区。", "deadline": "2017年9月30日",
             "owner": "赵志刚"},
        ],
        "overall": "对照六个方面逐项查摆，支部共查找问题7个，已逐条制定整改措施，明确时限和责任人，确保整改落实到位。",
        "committee_opinion": "",
    },
    "findings": [],
}

BSC_VALID_B = {
    "name": "branch_self_check_valid_b", "form": "branch_self_check", "status": "valid",
    "raw": {
        "branch": "机关第三党支部",
        "secretary": "钱永明",
        "member_count": "31人",
        "filled_on": "2017.4.6",
        "items": [  # not in the FORMS.md order of aspects
            {"aspect": "运行是否规范",
             "problems": "支部换届未严格按期进行，上届支委会任期已满3个月。\n发展党员程序中个别环节公示时间不足。",
             "measures": "5月底前完成支部换届选举；严格执行发展党员公示制度，公示期不少于5个工作日。",
             "deadline": "2017.5.31", "owner": "钱永明"},
            {"aspect": "组织是否健全", "problems": "党小组划分与科室设置不一致，部分党小组长未及时调整。",
             "measures": "按科室重新划分3个党小组，调整配齐党小组长并报机关党委备案。", "deadline": "2017.4.30",
             "owner": "钱永明"},
            {"aspect": "制度是否完善", "problems": "支部工作制度汇编多年未更新，部分制度与新要求不符。",
             "measures": "对照上级最新要求，全面梳理修订支部各项工作制度并汇编成册。", "deadline": "2017年8月31日",
             "owner": "郭晓梅"},
            {"aspect": "档案是否齐全", "problems": "组织生活会、民主评议党员的会议材料归档不及时。",
             "measures": "建立会议材料“当月整理、季度归档”制度，由组织委员每季度检查一次。",
             "deadline": "2017年12月31日", "owner": "郭晓梅"},
            {"aspect": "活动是否经常", "problems": "支部学习以个人自学为主，集中学习次数偏少。",
             "measures": "坚持每月第一周周五下午开展集中学习，全年不少于12次。", "deadline": "2017年12月31日",
             "owner": "钱永明"},
            {"aspect": "作用是否突出", "problems": "服务师生意识不强，窗口岗位党员亮身份做得不够。",
             "measures": "窗口岗位党员佩戴党徽上岗，设立党员服务台，公开服务承诺。", "deadline": "2017/6/30",
             "owner": "钱永明、唐亮"},
        ],
        "overall": "支部班子对照规范化建设要求认真查摆，问题找得准、措施实，将以整改为契机全面提升支部建设水平。",
        "committee_opinion": "同意整改方案，请按时限抓好落实。",
    },
    "findings": [],
}

BSC_INVALID = {
    "name": "branch_self_check_invalid", "form": "branch_self_check", "status": "invalid",
    "raw": {
        "branch": "机关第二党支部",
        "secretary": "吴海峰",
        "member_count": "18",
        "filled_on": "2017/3/25",
        "items": [  # 档案是否齐全 is missing
            {"aspect": "组织是否健全", "problems": "支部委员分工不明确，宣传委员长期兼任其他工作。",
             "measures": "重新明确支委分工，宣传委员专职负责宣传工作。", "deadline": "2017年4月30日", "owner": "吴海峰"},
            {"aspect": "制度是否完善", "problems": "党员请假制度不健全，缺席组织生活无记录。",
             "measures": "建立党员请假报备制度，缺席情况纳入年度民主评议。", "deadline": "2017年5月31日",
             "owner": "王小燕"},
            {"aspect": "运行是否规范", "problems": "“三会一课”记录不规范。",
             "measures": "加强学习", "deadline": "2017年6月30日", "owner": "吴海峰"},  # measures < 10 characters
            {"aspect": "活动是否经常", "problems": "全年仅开展主题党日活动2次。",
             "measures": "制定年度活动计划，每月开展1次主题党日活动。", "deadline": "2018年3月31日",  # after 2017-12-31
             "owner": "王小燕"},
            {"aspect": "作用是否突出", "problems": "个别党员工作积极性不高，先锋模范作用不明显。",
             "measures": "开展党员承诺践诺活动，年底进行评议考核。", "deadline": "2017年12月31日",
             "owner": ""},  # no 责任人
        ],
        "overall": "支部对照要求进行了查摆，下一步将认真整改。",
        "committee_opinion": "",
    },
    "findings": [
        finding("items", "columnSet"),
        finding("items[2].measures", "minLength"),
        finding("items[3].deadline", "dateNotAfter", "warning"),
        finding("items[4].owner", "required"),
    ],
}

MS_VALID_A = {
    "name": "mentoring_summary_valid_a", "form": "mentoring_summary", "status": "valid",
    "raw": {
        "department": "组织部",
        "branch": "机关第三党支部",
        "mentor_name": "陈国华",
        "mentee_name": "刘晓雨",
        "paired_on": "2016年9月1日",
        "period": "2017年上半年",
        "activities": [
            {"date": "2017年3月8日", "kind": "思想", "content": "共同学习全国高校思想政治工作会议精神，交流学习体会"},
            {"date": "2017.4.12", "kind": "工作", "content": "指导起草支部年度工作计划，逐段讲解党务公文写作要点"},
            {"date": "2017/05/20", "kind": "生活", "content": "了解刘晓雨家庭情况，帮助联系解决子女入园问题"},
            {"date": "2017-6-16", "kind": "工作", "content": "一同参加机关党委“两学一做”专题培训，会后讨论交流"},
        ],
        "ideology_guidance": "定期谈心谈话，引导刘晓雨坚定理想信念，鼓励其积极向党组织靠拢。",
        "work_guidance": "帮助熟悉组织工作业务流程，手把手指导党员信息系统录入和会议组织工作。",
        "life_care": "关心新教工生活，帮助解决住房和子女入园等实际困难。",
        "summary": "半年来，在陈国华老师的悉心指导下，我较快熟悉了组织部的工作流程和党务工作规范，"
                   "学会了起草会议纪要、整理党员信息等基本业务，政治理论水平和文字表达能力都有了明显提高。\n"
                   "陈老师言传身教，严谨细致、甘于奉献的工作作风让我深受教育。我将以老同志为榜样，传承红色基因，"
                   "立足岗位做好本职工作，争取早日向党组织递交入党申请书。",
        "next_plan": "下半年继续加强政治理论学习指导，重点提高调研报告写作能力。",
        "filled_on": "2017年7月10日",
        "branch_opinion": "结对活动扎实有效，同意。",
    },
    "findings": [],
}

MS_VALID_B = {
    "name": "mentoring_summary_valid_b", "form": "mentoring_summary", "status": "valid",
    "raw": {
        "department": "人事处",
        "branch": "机关第一党支部",
        "mentor_name": "林淑芬",
        "mentee_name": "黄子涵",
        "paired_on": "2017/03/01",
        "period": "2017年上半年",
        "activities": [
            {"date": "2017年3月15日", "kind": "思想", "content": "参观校史馆，学习老一辈教育工作者的先进事迹"},
            {"date": "2017年4月26日", "kind": "工作", "content": "指导开展新进教职工入职材料审核，梳理工作流程"},
            {"date": "2017年5月26日", "kind": "生活", "content": "端午节前走访慰问，了解其工作和生活情况"},
            {"date": "2017年6月30日", "kind": "思想", "content": "共同参加支部“七一”主题党日活动\n重温入党誓词"},
        ],
        "ideology_guidance": "带领黄子涵参加支部主题党日活动，交流对党的认识，帮助端正入党动机。",
        "work_guidance": "指导其熟悉人事政策文件和档案管理规定，逐件审核其经办的第一批业务材料。",
        "life_care": "帮助其办理人才公寓入住手续，节日期间走访慰问。",
        "summary": "结对以来，林老师既是业务上的师傅，也是思想上的引路人。她带我逐条学习人事政策，"
                   "教我把每一份材料都当作对教职工的承诺来对待，让我懂得了细致和担当的分量。\n"
                   "通过参观校史馆和参加主题党日活动，我对学校的红色传统有了更深的理解，"
                   "思想上更加成熟，已向支部递交了入党申请书。",
        "next_plan": "继续加强业务指导，下半年安排其独立承担一项专项工作。",
        "filled_on": "2017-7-8",
        "branch_opinion": "",
    },
    "findings": [],
}

MS_INVALID = {
    "name": "mentoring_summary_invalid", "form": "mentoring_summary", "status": "invalid",
    "raw": {
        "department": "后勤处",
        "branch": "机关第二党支部",
        "mentor_name": "何建平",
        "mentee_name": "许文静",
        "paired_on": "2016.9.10",
        "period": "2017年上半年",
        "activities": [
            {"date": "2017年3月20日", "kind": "思想", "content": "谈心谈话，了解新教工思想动态"},
            {"date": "2017年4月18日", "kind": "学习", "content": "共同学习后勤管理制度汇编"},  # 类别 not 思想/工作/生活
            {"date": "2017年6月6日", "kind": "工作", "content": "指导开展学生宿舍安全检查"},
        ],
        "ideology_guidance": "经常与许文静交流思想，引导其树立正确的世界观、人生观、价值观。",
        "work_guidance": "指导其熟悉后勤各项管理制度和工作流程。",
        "life_care": "",  # required, left empty
        "summary": "半年来在何老师的帮助下，熟悉了后勤工作，收获很大，今后继续努力。",  # < 100 characters
        "next_plan": "继续开展结对活动。",
        "filled_on": "2017年7月3日",
    },
    "findings": [
        finding("activities[1].kind", "enum"),
        finding("life_care", "required"),
        finding("summary", "minLength"),
    ],
}

FORM_SAMPLES = [
    ATB_VALID_A, ATB_VALID_B, ATB_INVALID,
    SP_VALID_A, SP_VALID_B, SP_INVALID,
    BSC_VALID_A, BSC_VALID_B, BSC_INVALID,
    MS_VALID_A, MS_VALID_B, MS_INVALID,
]

NOT_A_FORM = {"name": "not_a_form", "reason_contains": "不是"}
DAMAGED = {"name": "damaged", "source": "annual_target_book_valid_a", "keep": 0.6, "reason_contains": "损坏"}

# ---------------------------------------------------------------------------------------------------------------
# 3. WordprocessingML builders. Each returns an XML string.
# ---------------------------------------------------------------------------------------------------------------

FONT_SIZE = 24  # half-points: 小四 (12 pt)


def run(text, bold=False, symbol=False, size=FONT_SIZE):
    """One run. "\\n" in text becomes a <w:br/> inside the run (a line break within the paragraph)."""
    if symbol:  # tick boxes as Word inserts them from Insert > Symbol
        fonts = '<w:rFonts w:ascii="Segoe UI Symbol" w:hAnsi="Segoe UI Symbol" w:eastAsia="Segoe UI Symbol"/>'
    else:
        fonts = '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体"/>'
    props = fonts + ("<w:b/><w:bCs/>" if bold else "") + f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    pieces = [f'<w:t xml:space="preserve">{escape(part)}</w:t>' if part else "" for part in text.split("\n")]
    return f"<w:r><w:rPr>{props}</w:rPr>" + "<w:br/>".join(pieces) + "</w:r>"


class Runs(tuple):
    """Text that Word stored as several runs, e.g. Runs("机关第一", "党支部"). A segment may be a (text, options)
    pair: Runs(("☑", {"symbol": True}), "科级干部")."""


def runs(*segments):
    return Runs(segments)


def split(text, *at):
    """text as several runs, cut at the given character offsets (as Word often stores it)."""
    cuts = [0, *at, len(text)]
    return Runs(text[a:b] for a, b in zip(cuts, cuts[1:]))


def inline(content, bold=False, size=FONT_SIZE):
    """Runs for a str (one run) or a Runs (one run per segment)."""
    if isinstance(content, Runs):
        out = []
        for seg in content:
            text, opts = (seg if isinstance(seg, tuple) else (seg, {}))
            out.append(run(text, bold=opts.get("bold", bold), symbol=opts.get("symbol", False), size=size))
        return "".join(out)
    return run(content, bold=bold, size=size) if content else ""


def paragraph(content="", align=None, bold=False, size=FONT_SIZE, space_after=0):
    ppr = f'<w:spacing w:before="0" w:after="{space_after}"/>'
    if align:
        ppr += f'<w:jc w:val="{align}"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{inline(content, bold=bold, size=size)}</w:p>"


def title(text):
    """The form's title: centered, bold, 小二 (18 pt). Word typically splits it around the digits."""
    parts = re.split(r"(\d+)", text)
    return paragraph(runs(*[p for p in parts if p]), align="center", bold=True, size=36, space_after=240)


def heading(text):
    """A section label written as a bold paragraph just before its table."""
    return paragraph(text, bold=True, space_after=60)


class Cell:
    def __init__(self, content="", span=1, vmerge=None, align=None, bold=False, paras=None):
        self.content, self.span, self.vmerge, self.align, self.bold = content, span, vmerge, align, bold
        self.paras = paras  # several paragraphs in one cell (a second paragraph = a line break in the value)


def cell(content="", span=1, vmerge=None, align=None, bold=False):
    """A table cell. span: w:gridSpan (grid columns covered). vmerge: "restart" starts a vertical merge,
    "continue" continues the one above (such a cell is written empty)."""
    return Cell(content, span, vmerge, align, bold)


def cell_paras(*paras, span=1, vmerge=None):
    """A cell whose value is written as several paragraphs."""
    return Cell(span=span, vmerge=vmerge, paras=list(paras))


def label(text, span=1, vmerge=None):
    """A label cell: centered, bold, as in most of these forms."""
    return Cell(text, span, vmerge, align="center", bold=True)


def cell_xml(c, width):
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if c.span > 1:
        tcpr += f'<w:gridSpan w:val="{c.span}"/>'
    if c.vmerge == "restart":
        tcpr += '<w:vMerge w:val="restart"/>'
    elif c.vmerge == "continue":
        tcpr += "<w:vMerge/>"
    tcpr += '<w:vAlign w:val="center"/>'
    if c.paras is not None:
        body = "".join(paragraph(p, align=c.align, bold=c.bold) for p in c.paras)
    else:
        body = paragraph("" if c.vmerge == "continue" else c.content, align=c.align, bold=c.bold)
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{body}</w:tc>"


def table(widths, rows, header_rows=0):
    """A bordered table. widths: the grid columns in twips (w:tblGrid); rows: lists of Cell. Cell widths
    (w:tcW) are the sum of the grid columns each cell spans."""
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tblpr = (f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
             f"<w:tblBorders>{borders}</w:tblBorders>"
             '<w:tblLayout w:type="fixed"/>'
             '<w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
             '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0"'
             ' w:noHBand="0" w:noVBand="1"/>')
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = [f"<w:tbl><w:tblPr>{tblpr}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"]
    for index, cells in enumerate(rows):
        covered = sum(c.span for c in cells)
        if covered != len(widths):
            raise ValueError(f"row {index} covers {covered} grid columns, the table has {len(widths)}")
        trpr = '<w:trHeight w:val="454"/>' + ("<w:tblHeader/>" if index < header_rows else "")
        tcs, col = [], 0
        for c in cells:
            tcs.append(cell_xml(c, sum(widths[col:col + c.span])))
            col += c.span
        out.append(f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(tcs)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def spacer():
    """An empty paragraph: Word needs one between two tables, or it joins them into one."""
    return paragraph()


def ticks(options, chosen, on="☑", off="☐"):
    """An enum answered by ticking a box: ☑科级干部 ☐普通党员 … (box and text in separate runs)."""
    segs = []
    for i, opt in enumerate(options):
        segs.append((("" if i == 0 else "  ") + (on if opt == chosen else off), {"symbol": True}))
        segs.append(opt)
    return runs(*segs)


def lines(text):
    """A multi-line value as the paragraphs of one cell."""
    return text.split("\n")


def empty_row(n):
    return [cell() for _ in range(n)]


# ---------------------------------------------------------------------------------------------------------------
# 4. Layouts: one per sample, each returning the body elements of its document.
# ---------------------------------------------------------------------------------------------------------------

def layout_atb_valid_a(d):
    """Label | value pairs, several per row; labels with inner spaces; tick boxes ☑/☐; gridSpan long values;
    年度目标 labelled by a paragraph before its table; 年度任务 labelled by a full-width row; empty trailing rows;
    标签：值 cells (审核人：…) and a 标签：值 paragraph (填表日期：…)."""
    w4 = [1900, 2600, 1900, 2600]
    info = table(w4, [
        [label("年度"), cell(d["year"]), label("所在党支部"), cell(split(d["branch"], 4))],
        [label(runs("姓", "　", "名")), cell(d["name"]), label("职 务"), cell(d["position"])],
        [label("党员类别"), cell(ticks(MEMBER_CATEGORIES, d["member_category"]), span=3)],
        [label("入党时间"), cell(split(d["joined_party_on"], 4)), label("计划集中学习学时"),
         cell(d["planned_study_hours"])],
        [label("岗位职责"), cell(d["duties"], span=3)],  # line break as <w:br/>
        [label("主题发言次数"), cell(d["planned_speeches"]), label("学习体会篇数"), cell(d["planned_reflections"])],
    ])
    w3 = [900, 5900, 2200]
    goals = table(w3, [[label("序号"), label("目标内容"), label("完成时限")]]
                  + [[cell(r["seq"], align="center"), cell(r["content"]), cell(r["deadline"], align="center")]
                     for r in d["goals"]]
                  + [empty_row(3)], header_rows=1)
    tasks = table(w3, [[label("年度任务", span=3)], [label("序号"), label("任务内容"), label("完成时限")]]
                  + [[cell(r["seq"], align="center"), cell(r["content"]), cell(r["deadline"], align="center")]
                     for r in d["tasks"]]
                  + [empty_row(3), empty_row(3)], header_rows=2)
    review = table(w4, [
        [label("支部审核意见"), cell(d["review_opinion"], span=3)],
        [cell(runs("审核人：", d["reviewer"]), span=2), cell("审核日期：" + d["reviewed_on"], span=2)],
    ])
    return [title(TITLES["annual_target_book"]), info, spacer(), heading("年度目标"), goals, spacer(), tasks,
            spacer(), review, spacer(), paragraph(runs("填表日期：", d["signed_on"]), align="right")]


def layout_atb_valid_b(d):
    """Year only in the title (no 年度 cell); labels in a header row over their values; plain-text enum;
    label variants (所在支部, 岗位, 人员类别, 集中学习学时, 主题发言（次）, 学习体会（篇）, 支委会审核意见);
    a label merged vertically over two rows with its (also merged) value to the right; 年度目标 and 年度任务
    labelled by a vertically merged first column; a value written as two paragraphs; ASCII colon paragraph."""
    w5 = [2100, 1500, 1900, 1600, 1900]
    info = table(w5, [
        [label("所在支部"), label("姓名"), label("岗位"), label("人员类别"), label("入党时间")],
        [cell(d["branch"], align="center"), cell(split(d["name"], 1), align="center"),
         cell(d["position"], align="center"), cell(d["member_category"], align="center"),
         cell(d["joined_party_on"], align="center")],
    ])
    w4 = [1900, 2600, 1900, 2600]
    plan = table(w4, [
        [label("岗位职责", vmerge="restart"), cell_paras(*lines(d["duties"]), span=3, vmerge="restart")],
        [label("", vmerge="continue"), cell(span=3, vmerge="continue")],
        [label("集中学习学时"), cell(d["planned_study_hours"]), label("主题发言（次）"), cell(d["planned_speeches"])],
        [label("学习体会（篇）"), cell(d["planned_reflections"]), label("民主评议等次"), cell(d["evaluation"])],
    ])
    w4b = [1000, 900, 4900, 2200]

    def merged_first_column(section, head, rows, trailing):
        body = [[label(section, vmerge="restart"), label("序号"), label(head), label("完成时限")]]
        for r in rows:
            body.append([cell(vmerge="continue"), cell(r["seq"], align="center"), cell(r["content"]),
                         cell(r["deadline"], align="center")])
        for _ in range(trailing):
            body.append([cell(vmerge="continue"), cell(), cell(), cell()])
        return table(w4b, body)

    goals = merged_first_column("年度目标", "目标内容", d["goals"], 0)
    tasks = merged_first_column("年度任务", "任务内容", d["tasks"], 1)
    w3 = [5000, 1800, 2200]
    review = table(w3, [
        [label("支委会审核意见"), label("审核人"), label("审核日期")],
        [cell_paras(*lines(d["review_opinion"])), cell(d["reviewer"], align="center"),
         cell(d["reviewed_on"], align="center")],
    ])
    return [title("机关党员2017年度目标任务书"), info, spacer(), plan, spacer(), goals, spacer(), tasks, spacer(),
            review, spacer(), paragraph("填表日期:" + d["signed_on"], align="right")]


def layout_atb_invalid(d):
    """Label cells with a trailing colon; tick boxes ■/□; 年度目标 as a paragraph before its table, 年度任务 as a
    full-width row; the 支部审核意见, 审核人 and 审核日期 cells left empty."""
    w4 = [1900, 2600, 1900, 2600]
    info = table(w4, [
        [label("年度："), cell(d["year"]), label("所在支部："), cell(d["branch"])],
        [label("姓名："), cell(d["name"]), label("职务："), cell(d["position"])],
        [label("党员类别："), cell(ticks(["处级及以上干部", "科级干部", "党支部书记", "普通党员"], d["member_category"],
                                         on="■", off="□"), span=3)],
        [label("入党时间："), cell(d["joined_party_on"]), label("集中学习学时："), cell(split(d["planned_study_hours"], 2))],
        [label("主题发言次数："), cell(d["planned_speeches"]), label("学习体会篇数："), cell(d["planned_reflections"])],
    ])
    w3 = [900, 5900, 2200]
    goals = table(w3, [[label("序号"), label("目标内容"), label("完成时限")]]
                  + [[cell(r["seq"], align="center"), cell(r["content"]), cell(r["deadline"], align="center")]
                     for r in d["goals"]])
    tasks = table(w3, [[label("年度任务", span=3)], [label("序号"), label("任务内容"), label("完成时限")]]
                  + [[cell(r["seq"], align="center"), cell(r["content"]), cell(r["deadline"], align="center")]
                     for r in d["tasks"]])
    review = table(w4, [
        [label("支部审核意见"), cell(d["review_opinion"], span=3)],
        [label("审核人："), cell(d["reviewer"]), label("审核日期："), cell(d["reviewed_on"])],
    ])
    return [title(TITLES["annual_target_book"]), info, spacer(), heading("年度目标"), goals, spacer(), tasks,
            spacer(), review, spacer(), paragraph("填表日期：" + d["signed_on"], align="right")]


def layout_sp_valid_a(d):
    """Header row of labels over a row of values (年度 … 职级, plain-text enum); 学习安排 as a full-width row
    above the header row; 标签：值 cell for 填表日期; gridSpan long values; a line break inside a cell."""
    w5 = [1200, 2400, 1500, 2200, 1700]
    info = table(w5, [
        [label("年度"), label("所在支部"), label("姓名"), label("职务"), label("职级")],
        [cell(d["year"], align="center"), cell(d["branch"], align="center"), cell(d["name"], align="center"),
         cell(d["position"], align="center"), cell(d["rank"], align="center")],
    ])
    w = [700, 3900, 1300, 2000, 1100]
    items = table(w, [[label("学习安排", span=5)],
                      [label("序号"), label("学习内容"), label("学习形式"), label("时间安排"), label("学时")]]
                  + [[cell(r["seq"], align="center"), cell(r["topic"]), cell(r["mode"], align="center"),
                      cell(r["schedule"]), cell(r["hours"], align="center")] for r in d["items"]], header_rows=2)
    w4 = [2300, 2200, 2300, 2200]
    totals = table(w4, [
        [label("集中学习培训学时合计"), cell(split(d["total_hours"], 3)), label("警示教育在线学习学时"),
         cell(d["warning_education_hours"])],
        [label("中心组学习及讲坛安排"), cell(d["center_group"], span=3)],
        [label("支部书记审核意见"), cell(d["secretary_review"], span=3)],
        [cell(runs("填表日期", "：", d["filled_on"]), span=4, align="right")],
    ])
    return [title(TITLES["study_plan"]), info, spacer(), items, spacer(), totals]


def layout_sp_valid_b(d):
    """Label cells with a trailing colon, several pairs per row; rank as tick boxes ☑/☐; 学习计划 (label
    variant) in a vertically merged first column beside the header and data rows; one empty trailing row;
    a value written as two paragraphs; 填表日期 as a paragraph with an ASCII colon."""
    w4 = [1500, 2700, 1800, 3000]
    info = table(w4, [
        [label("年度："), cell(d["year"]), label("所在党支部："), cell(d["branch"])],
        [label("姓名："), cell(d["name"]), label("职务："), cell(split(d["position"], 3))],
        [label("职级："), cell(ticks(RANKS, d["rank"]), span=3)],
    ])
    w = [900, 700, 3400, 1200, 1800, 1000]
    body = [[label("学习计划", vmerge="restart"), label("序号"), label("学习内容"), label("学习形式"), label("时间安排"),
             label("学时")]]
    for r in d["items"]:
        body.append([cell(vmerge="continue"), cell(r["seq"], align="center"), cell(r["topic"]),
                     cell(r["mode"], align="center"), cell(r["schedule"]), cell(r["hours"], align="center")])
    body.append([cell(vmerge="continue")] + empty_row(5))
    items = table(w, body)
    w2 = [2600, 6400]
    totals = table(w2, [
        [label("学时合计"), cell(d["total_hours"])],
        [label("警示教育在线学习学时"), cell(d["warning_education_hours"])],
        [label("中心组学习及讲坛安排"), cell_paras(*lines(d["center_group"]))],
        [label("支部书记审核意见"), cell(d["secretary_review"])],
    ])
    return [title(TITLES["study_plan"]), info, spacer(), items, spacer(), totals, spacer(),
            paragraph(runs("填表日期:", d["filled_on"]), align="right")]


def layout_sp_invalid(d):
    """Labels with full-width inner spaces; 学习安排 as a paragraph before its table; one empty trailing row."""
    w4 = [1900, 2600, 1900, 2600]
    info = table(w4, [
        [label("年　度"), cell(d["year"]), label("所在支部"), cell(d["branch"])],
        [label("姓　名"), cell(d["name"]), label("职　务"), cell(d["position"])],
        [label("职　级"), cell(d["rank"], span=3)],
    ])
    w = [700, 3900, 1300, 2000, 1100]
    items = table(w, [[label("序号"), label("学习内容"), label("学习形式"), label("时间安排"), label("学时")]]
                  + [[cell(r["seq"], align="center"), cell(r["topic"]), cell(r["mode"], align="center"),
                      cell(r["schedule"]), cell(r["hours"], align="center")] for r in d["items"]]
                  + [empty_row(5)])
    totals = table([2300, 2200, 2300, 2200], [
        [label("学时合计"), cell(d["total_hours"]), label("警示教育在线学习学时"), cell(d["warning_education_hours"])],
        [label("支部书记审核意见"), cell(d["secretary_review"], span=3)],
        [label("填表日期"), cell(d["filled_on"], span=3)],
    ])
    return [title(TITLES["study_plan"]), info, spacer(), heading("学习安排"), items, spacer(), totals]


def bsc_items_rows(items):
    return [[cell(r["aspect"], align="center"), cell(r["problems"]), cell(r["measures"]),
             cell(r["deadline"], align="center"), cell(r["owner"], align="center")] for r in items]


BSC_HEADER = ["方面", "存在问题", "整改措施", "整改时限", "责任人"]


def layout_bsc_valid_a(d):
    """标签：值 in single cells (full-width colon, and an ASCII colon in 党员人数:23); 查摆情况 as a full-width row
    above the header row; a line break inside a 存在问题 cell."""
    w2 = [4500, 4500]
    info = table(w2, [
        [cell(runs("党支部名称：", d["branch"])), cell("支部书记：" + d["secretary"])],
        [cell(runs("党员人数", ":", d["member_count"])), cell(runs("填报日期：", d["filled_on"]))],
    ])
    w = [1300, 2500, 2700, 1500, 1000]
    items = table(w, [[label("查摆情况", span=5)], [label(h) for h in BSC_HEADER]] + bsc_items_rows(d["items"]),
                  header_rows=2)
    w2b = [1500, 7500]
    tail = table(w2b, [
        [label("总体自评"), cell(d["overall"])],
        [label("机关党委意见"), cell(d["committee_opinion"])],
    ])
    return [title(TITLES["branch_self_check"]), info, spacer(), items, spacer(), tail]


def layout_bsc_valid_b(d):
    """Label | value pairs (label variants 支部名称, 党支部书记, 填表日期; 党员人数 with a unit: 31人); 查摆情况 as a
    paragraph before its table; aspects not in FORMS.md order; a 存在问题 cell of two paragraphs; two empty
    trailing rows; deadlines on 12-31 of the filing year exactly (allowed)."""
    w4 = [1500, 3000, 1500, 3000]
    info = table(w4, [
        [label("支部名称"), cell(d["branch"]), label("党支部书记"), cell(d["secretary"])],
        [label("党员人数"), cell(split(d["member_count"], 2)), label("填表日期"), cell(d["filled_on"])],
    ])
    w = [1300, 2500, 2700, 1500, 1000]
    rows = [[label(h) for h in BSC_HEADER]]
    for r in d["items"]:
        problems = cell_paras(*lines(r["problems"])) if "\n" in r["problems"] else cell(r["problems"])
        rows.append([cell(r["aspect"], align="center"), problems, cell(r["measures"]),
                     cell(r["deadline"], align="center"), cell(r["owner"], align="center")])
    rows += [empty_row(5), empty_row(5)]
    items = table(w, rows, header_rows=1)
    tail = table(w4, [
        [label("总体自评"), cell(d["overall"], span=3)],
        [label("机关党委意见"), cell(d["committee_opinion"], span=3)],
    ])
    return [title(TITLES["branch_self_check"]), info, spacer(), heading("查摆情况"), items, spacer(), tail]


def layout_bsc_invalid(d):
    """Label | value pairs (支部名称, 填报日期); 查摆情况 in a vertically merged first column beside the header
    and data rows. Deliberate errors: see BSC_INVALID."""
    w4 = [1500, 3000, 1500, 3000]
    info = table(w4, [
        [label("支部名称"), cell(d["branch"]), label("支部书记"), cell(d["secretary"])],
        [label("党员人数"), cell(d["member_count"]), label("填报日期"), cell(d["filled_on"])],
    ])
    w = [800, 1200, 2300, 2400, 1400, 900]
    rows = [[label("查摆情况", vmerge="restart")] + [label(h) for h in BSC_HEADER]]
    rows += [[cell(vmerge="continue")] + r for r in bsc_items_rows(d["items"])]
    items = table(w, rows)
    tail = table(w4, [
        [label("总体自评"), cell(d["overall"], span=3)],
        [label("机关党委意见"), cell(d["committee_opinion"], span=3)],
    ])
    return [title(TITLES["branch_self_check"]), info, spacer(), items, spacer(), tail]


def layout_ms_valid_a(d):
    """Label | value pairs, several per row; 活动记录 as a paragraph before its table; one empty trailing row;
    mixed date formats; 阶段总结 written as two paragraphs in one cell; 填表日期 as a 标签：值 paragraph."""
    w4 = [1700, 2800, 1700, 2800]
    info = table(w4, [
        [label("所在部门"), cell(d["department"]), label("所在支部"), cell(d["branch"])],
        [label("老教工姓名"), cell(d["mentor_name"]), label("新教工姓名"), cell(split(d["mentee_name"], 1))],
        [label("结对时间"), cell(d["paired_on"]), label("总结阶段"), cell(d["period"])],
    ])
    w3 = [2000, 900, 6100]
    acts = table(w3, [[label("日期"), label("类别"), label("活动内容")]]
                 + [[cell(r["date"], align="center"), cell(r["kind"], align="center"), cell(r["content"])]
                    for r in d["activities"]]
                 + [empty_row(3)], header_rows=1)
    w2 = [1900, 7100]
    tail = table(w2, [
        [label("思想上关心指导"), cell(d["ideology_guidance"])],
        [label("工作上关心指导"), cell(d["work_guidance"])],
        [label("生活上关心帮助"), cell(d["life_care"])],
        [label("阶段总结"), cell_paras(*lines(d["summary"]))],
        [label("下阶段计划"), cell(d["next_plan"])],
        [label("支部意见"), cell(d["branch_opinion"])],
    ])
    return [title(TITLES["mentoring_summary"]), info, spacer(), heading("活动记录"), acts, spacer(), tail, spacer(),
            paragraph("填表日期：" + d["filled_on"], align="right")]


def layout_ms_valid_b(d):
    """Header rows of labels over rows of values (short label variants 部门, 所在党支部, 老教工, 新教工, 阶段),
    the second pair with gridSpan label and value cells; 活动记录 in a vertically merged first column; a line
    break inside an activity; short labels 思想上/工作上/生活上; 收获体会 (label variant of 阶段总结) merged
    vertically over two rows: its value is the cell to its right in the first row, the cell to its right in
    the second row is 填表日期：… (a 标签：值 cell)."""
    w4 = [2000, 2600, 2200, 2200]
    info = table(w4, [
        [label("部门"), label("所在党支部"), label("老教工"), label("新教工")],
        [cell(d["department"], align="center"), cell(d["branch"], align="center"),
         cell(d["mentor_name"], align="center"), cell(d["mentee_name"], align="center")],
        [label("结对时间", span=2), label("阶段", span=2)],
        [cell(d["paired_on"], span=2, align="center"), cell(d["period"], span=2, align="center")],
    ])
    w = [900, 2000, 900, 5200]
    rows = [[label("活动记录", vmerge="restart"), label("日期"), label("类别"), label("活动内容")]]
    for r in d["activities"]:
        rows.append([cell(vmerge="continue"), cell(r["date"], align="center"), cell(r["kind"], align="center"),
                     cell(r["content"])])
    acts = table(w, rows)
    w2 = [1500, 7500]
    tail = table(w2, [
        [label("思想上"), cell(d["ideology_guidance"])],
        [label("工作上"), cell(d["work_guidance"])],
        [label("生活上"), cell(d["life_care"])],
        [label("收获体会", vmerge="restart"), cell_paras(*lines(d["summary"]))],
        [label("", vmerge="continue"), cell("填表日期：" + d["filled_on"], align="right")],
        [label("下阶段计划"), cell(d["next_plan"])],
        [label("支部意见"), cell(d["branch_opinion"])],
    ])
    return [title(TITLES["mentoring_summary"]), info, spacer(), acts, spacer(), tail]


def layout_ms_invalid(d):
    """Label | value pairs with short label variants (部门, 老教工, 新教工); 活动记录 as a full-width row above the
    header row. Deliberate errors: see MS_INVALID."""
    w4 = [1700, 2800, 1700, 2800]
    info = table(w4, [
        [label("部门"), cell(d["department"]), label("所在支部"), cell(d["branch"])],
        [label("老教工"), cell(d["mentor_name"]), label("新教工"), cell(d["mentee_name"])],
        [label("结对时间"), cell(d["paired_on"]), label("总结阶段"), cell(d["period"])],
    ])
    w3 = [2000, 900, 6100]
    acts = table(w3, [[label("活动记录", span=3)], [label("日期"), label("类别"), label("活动内容")]]
                 + [[cell(r["date"], align="center"), cell(r["kind"], align="center"), cell(r["content"])]
                    for r in d["activities"]], header_rows=2)
    w2 = [1900, 7100]
    tail = table(w2, [
        [label("思想上关心指导"), cell(d["ideology_guidance"])],
        [label("工作上关心指导"), cell(d["work_guidance"])],
        [label("生活上关心帮助"), cell(d["life_care"])],
        [label("阶段总结"), cell(d["summary"])],
        [label("下阶段计划"), cell(d["next_plan"])],
        [label("填表日期"), cell(d["filled_on"])],
    ])
    return [title(TITLES["mentoring_summary"]), info, spacer(), acts, spacer(), tail]


def layout_not_a_form():
    """A meeting notice: a well-formed document that is none of the four forms."""
    w3 = [900, 6100, 2000]
    agenda = table(w3, [[label("序号"), label("议程内容"), label("汇报人")],
                        [cell("1", align="center"), cell("各党支部书记汇报2016年度支部工作及问题整改情况"),
                         cell("各支部书记", align="center")],
                        [cell("2", align="center"), cell("机关党委委员点评"), cell("机关党委委员", align="center")],
                        [cell("3", align="center"), cell("机关党委书记讲话"), cell("机关党委书记", align="center")]])
    return [
        paragraph(runs("关于召开", "2017", "年度机关党建工作述职评议会的通知"), align="center", bold=True, size=36,
                  space_after=240),
        paragraph("各党支部："),
        paragraph("　　根据机关党委2017年工作安排，定于近期召开党支部书记抓党建工作述职评议会。现将有关事项通知如下："),
        paragraph("　　一、会议时间：2017年3月28日（星期二）下午2:30"),
        paragraph("　　二、会议地点：行政楼三楼第一会议室"),
        paragraph("　　三、参会人员：机关党委委员，各党支部书记、组织委员"),
        paragraph("　　四、会议议程："),
        agenda,
        paragraph("　　请各党支部书记认真准备述职材料（3000字以内），于3月24日前报送机关党委办公室。"),
        paragraph(),
        paragraph("机关党委", align="right"),
        paragraph("2017年3月20日", align="right"),
    ]


LAYOUTS = {
    "annual_target_book_valid_a": layout_atb_valid_a,
    "annual_target_book_valid_b": layout_atb_valid_b,
    "annual_target_book_invalid": layout_atb_invalid,
    "study_plan_valid_a": layout_sp_valid_a,
    "study_plan_valid_b": layout_sp_valid_b,
    "study_plan_invalid": layout_sp_invalid,
    "branch_self_check_valid_a": layout_bsc_valid_a,
    "branch_self_check_valid_b": layout_bsc_valid_b,
    "branch_self_check_invalid": layout_bsc_invalid,
    "mentoring_summary_valid_a": layout_ms_valid_a,
    "mentoring_summary_valid_b": layout_ms_valid_b,
    "mentoring_summary_invalid": layout_ms_invalid,
}

# ---------------------------------------------------------------------------------------------------------------
# 5. Packaging: the .docx parts, the zip, the expected records.
# ---------------------------------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = XML_DECL + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>")

PACKAGE_RELS = XML_DECL + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    ' Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"'
    ' Target="docProps/core.xml"/>'
    "</Relationships>")

DOCUMENT_RELS = XML_DECL + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"'
    ' Target="styles.xml"/>'
    "</Relationships>")

STYLES = XML_DECL + (
    f'<w:styles xmlns:w="{W_NS}">'
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体" w:cs="Times New Roman"/>'
    '<w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="24"/>'
    '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    "</w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/>'
    '<w:pPr><w:widowControl w:val="0"/></w:pPr></w:style>'
    '<w:style w:type="table" w:default="1" w:styleId="a1"><w:name w:val="Normal Table"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
    '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    "</w:styles>")

SECTION = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
           '<w:pgMar w:top="1440" w:right="1304" w:bottom="1440" w:left="1304" w:header="851" w:footer="992"'
           ' w:gutter="0"/></w:sectPr>')

ZIP_TIME = (2017, 3, 10, 8, 0, 0)


def document_xml(body):
    return XML_DECL + f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>' + "".join(body) + SECTION + \
        "</w:body></w:document>"


def core_xml(doc_title):
    return XML_DECL + (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(doc_title)}</dc:title><dc:creator>formpipe samples</dc:creator>"
        "<cp:lastModifiedBy>formpipe samples</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2017-03-10T08:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2017-03-10T08:00:00Z</dcterms:modified>'
        "</cp:coreProperties>")


def write_docx(path, body, doc_title):
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("word/document.xml", document_xml(body)),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("docProps/core.xml", core_xml(doc_title)),
    ]
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, text.encode("utf-8"), compresslevel=6)


# --- normalisation of the raw values into the expected record (CONTRACT.md) ---

DATE_FULL = re.compile(r"^(\d{4})\s*(?:年|\.|/|-)\s*(\d{1,2})\s*(?:月|\.|/|-)\s*(\d{1,2})\s*日?$")
DATE_MONTH = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月$")
NUMBER = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:学时|人|次|篇)?$")


def normalise_value(kind, raw):
    text = raw.strip()
    if kind == "date":
        m = DATE_FULL.match(text)
        if m:
            return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
        m = DATE_MONTH.match(text)
        if m:
            return f"{int(m[1]):04d}-{int(m[2]):02d}"
        raise ValueError(f"sample date not normalisable: {raw!r}")
    if kind in ("integer", "number"):
        m = NUMBER.match(text)
        if not m:
            raise ValueError(f"sample number not normalisable: {raw!r}")
        value = float(m[1])
        return int(value) if value.is_integer() else value
    return text  # string, text, enum (an enum that is not one of the values stays as written)


def expected_fields(form, raw):
    fields = {}
    for key, kind in FIELDS[form].items():
        value = raw.get(key, "")
        if isinstance(kind, dict):
            rows = []
            for raw_row in value or []:
                row = {col: normalise_value(ck, raw_row[col]) for col, ck in kind.items()
                       if raw_row.get(col, "").strip()}
                if row:
                    rows.append(row)
            if rows:
                fields[key] = rows
        elif value.strip():
            fields[key] = normalise_value(kind, value)
    unknown = set(raw) - set(FIELDS[form])
    if unknown:
        raise ValueError(f"unknown keys for {form}: {unknown}")
    return fields


def write_json(path, obj):
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main():
    out, expected_dir = HERE, HERE / "expected"
    expected_dir.mkdir(exist_ok=True)
    for sample in FORM_SAMPLES:
        name, form = sample["name"], sample["form"]
        write_docx(out / f"{name}.docx", LAYOUTS[name](sample["raw"]), TITLES[form])
        write_json(expected_dir / f"{name}.json", {
            "file": f"Samples/{name}.docx", "form": form, "status": sample["status"],
            "fields": expected_fields(form, sample["raw"]), "findings": sample["findings"],
        })
    write_docx(out / "not_a_form.docx", layout_not_a_form(), "关于召开2017年度机关党建工作述职评议会的通知")
    whole = (out / f"{DAMAGED['source']}.docx").read_bytes()
    (out / "damaged.docx").write_bytes(whole[:int(len(whole) * DAMAGED["keep"])])
    for rejected in (NOT_A_FORM, DAMAGED):
        write_json(expected_dir / f"{rejected['name']}.json", {
            "file": f"Samples/{rejected['name']}.docx", "form": None, "status": "rejected", "fields": {},
            "findings": [], "reason_contains": rejected["reason_contains"],
        })
    print(f"wrote {len(FORM_SAMPLES) + 2} samples and their expected records to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
