FROM python:3.11-slim
WORKDIR /srv/skillgraph
COPY . .
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["skillgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
