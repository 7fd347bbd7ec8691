"""Lecture and self-study: guided lessons, the quiz, session files (pure Python: no Qt, no VTK).

The windows built on this only forward key names, clicks and picks; everything taught comes from
annotations/lessons/*.json and annotations/quiz.json.
"""

from l5viz.teaching.lessons import PRESENTER_KEYS, Lesson, LessonPlayer, LessonStep, load_lessons
from l5viz.teaching.quiz import Feedback, QuizItem, QuizSession, load_quiz
from l5viz.teaching.session import Session, add_recent, load_session, recent_files, save_session
from l5viz.teaching.userfiles import user_dir, write_json_atomic

__all__ = [
    "PRESENTER_KEYS",
    "Feedback",
    "Lesson",
    "LessonPlayer",
    "LessonStep",
    "QuizItem",
    "QuizSession",
    "Session",
    "add_recent",
    "load_lessons",
    "load_quiz",
    "load_session",
    "recent_files",
    "save_session",
    "user_dir",
    "write_json_atomic",
]
