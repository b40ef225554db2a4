import requests

from airflow import CONNECTIONS


class HttpHook:
    def __init__(self, method="POST", http_conn_id=None):
        self.method = method
        self.base_url = CONNECTIONS[http_conn_id]

    def get_conn(self):
        return requests.Session()
