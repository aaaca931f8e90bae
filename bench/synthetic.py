"""Generated plans for scale tests and benchmarks (deterministic for a given size and seed).

>>> text = task_plan(3)
>>> text.splitlines()[0], sum(text.count(cue) for cue in ("依托", "借助", "结合"))
('示例产业发展三年行动计划（2021-2023年）', 3)
"""

from __future__ import annotations

import random

_CHARS = ("智慧数字绿色创新协同开放融合安全健康文化生态海洋航空物流金融制造服务能源材料生物信息"
          "装备医药农业旅游交通水利环保教育人才科技产业城市乡村园区港口质量标准品牌")
_THINGS = ("平台", "中心", "基地", "示范区", "实验室", "产业园", "工作站", "服务体系")
_VERBS = ("建设", "打造", "创建", "组建", "培育")
_WORKS = ("推进", "加快", "完善", "深化", "强化", "提升")


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_CHARS) for _ in range(4)) + rng.choice(_THINGS)


def _cn(k: int) -> str:
    """1..99 in Chinese numerals (一, 十, 十一, 二十三)."""
    digits = "一二三四五六七八九"
    tens, ones = divmod(k, 10)
    return (("" if tens == 1 else digits[tens - 1]) + "十" if tens else "") + (digits[ones - 1] if ones else "")


def task_plan(n: int, seed: int = 7) -> str:
    """A three-year plan with ``n`` numbered tasks, a hundred under each （一）… area heading (as
    long plans number them); each task builds a named thing and leans on (依托/借助/结合) the
    thing another task builds, so dependency inference has real work."""
    rng = random.Random(seed)
    names = [_name(rng) for _ in range(n)]
    lines = ["示例产业发展三年行动计划（2021-2023年）", "一、总体要求",
             "到2023年，全市产业规模突破1000亿元，培育龙头企业50家以上。", "二、重点任务"]
    for i, name in enumerate(names):
        if i % 100 == 0:
            lines.append(f"（{_cn(i // 100 + 1)}）领域{i // 100 + 1}重点任务")
        other = names[rng.randrange(n)] if n > 1 else name
        cue = rng.choice(("依托", "借助", "结合"))
        lines.append(f"{i % 100 + 1}.{rng.choice(_VERBS)}{name}。{cue}{other}，{rng.choice(_WORKS)}"
                     f"{rng.choice(_CHARS)}{rng.choice(_CHARS)}服务能力，到2023年服务企业{rng.randrange(10, 500)}家。")
    lines += ["三、保障措施", "（一）加强组织领导。建立工作协调机制。"]
    return "\n".join(lines) + "\n"
