from django.urls import path

from thanrak.core.offline import service_worker
from thanrak.learning import views

app_name = "learning"

urlpatterns = [
    path("", views.course_list, name="course-list"),
    path("sw.js", service_worker, name="service-worker"),
    path("courses/new/", views.course_create, name="course-create"),
    path("courses/<int:pk>/", views.course_detail, name="course-detail"),
    path("courses/<int:pk>/certificate/", views.course_certificate, name="course-certificate"),
    path("courses/<int:pk>/batches/new/", views.batch_create, name="batch-create"),
    path("batches/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("batches/<int:pk>/sessions/", views.session_add, name="session-add"),
    path("batches/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("batches/<int:pk>/enrol/list/", views.enrol_list, name="enrol-list"),
    path("batches/<int:pk>/enrol/file/", views.enrol_file, name="enrol-file"),
    path("batches/<int:pk>/scores/", views.scores_record, name="scores"),
    path("batches/<int:pk>/certificates/", views.certificates_issue, name="certificates-issue"),
    path("batches/<int:pk>/certificates.pdf", views.batch_certificates_pdf, name="batch-certificates-pdf"),
    path("sessions/<int:pk>/", views.session_attendance, name="session-attendance"),
    path("sessions/<int:pk>/checkin/", views.session_checkin, name="session-checkin"),
    path("enrolments/<int:pk>/slip/", views.enrolment_slip, name="slip"),
    path("enrolments/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("enrolments/<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate-pdf"),
    path("mine/", views.my_trainings, name="my-trainings"),
    path("mine/<int:pk>/slip/", views.my_slip, name="my-slip"),
    path("mine/<int:pk>/certificate.pdf", views.my_certificate_pdf, name="my-certificate-pdf"),
    path("certificates/<str:number>/", views.verify, name="verify"),
    path("panels/person/<int:person_id>/", views.person_panel, name="person-panel"),
]
